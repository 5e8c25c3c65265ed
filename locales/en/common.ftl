# Shared words: app name, navigation, freshness, dates, read-aloud.
app-title = HappyLife
app-bank-name = HappyLife Demo Bank
nav-back = Back
nav-home = Home
read-aloud = Read this page aloud
read-aloud-hide = Hide read-aloud
read-aloud-heading = Read-aloud text
freshness-offline = Offline · data as of { $when }
when-today = today { $time }
when-yesterday = yesterday { $time }
when-date = { $day }/{ $month } { $time }
date-ymd = { $day }/{ $month }/{ $year }
date-md = { $day }/{ $month }
list-separator = { "; " }
loading = Loading, please wait…
freshness-online = Updated · { $when }
refresh = Refresh
pending-actions = { $count ->
    [one] { $count } action waits to be sent when online
   *[other] { $count } actions wait to be sent when online
}
