# Shared words: app name, navigation, freshness, dates, read-aloud.
app-title = 幸福生活
app-bank-name = 幸福示范银行
nav-back = 返回
nav-home = 回首页
read-aloud = 朗读本页
read-aloud-hide = 收起朗读
read-aloud-heading = 朗读内容
freshness-offline = 离线 · 数据更新于 { $when }
when-today = 今天 { $time }
when-yesterday = 昨天 { $time }
when-date = { $month }月{ $day }日 { $time }
date-ymd = { $year }年{ $month }月{ $day }日
date-md = { $month }月{ $day }日
list-separator = ；
loading = 正在读取，请稍候……
