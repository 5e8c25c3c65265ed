# Shared words: app name, navigation, freshness, dates, read-aloud.
app-title = 幸福生活
app-bank-name = 幸福示範銀行
nav-back = 返回
nav-home = 回首頁
read-aloud = 朗讀本頁
read-aloud-hide = 收起朗讀
read-aloud-heading = 朗讀內容
freshness-offline = 離線 · 資料更新於 { $when }
when-today = 今天 { $time }
when-yesterday = 昨天 { $time }
when-date = { $month }月{ $day }日 { $time }
date-ymd = { $year }年{ $month }月{ $day }日
date-md = { $month }月{ $day }日
list-separator = ；
loading = 正在讀取，請稍候……
