# Home screen: greeting and the big tiles.
home-greeting = { $part ->
    [morning] { $name }，上午好
    [afternoon] { $name }，下午好
   *[evening] { $name }，晚上好
}
home-tiles-label = 常用功能
tile-balance = 余额
tile-history = 明细
tile-transfer = 转账
tile-bills = 缴费
tile-fraud-check = 防骗查询
tile-family = 家人
tile-voice = 语音
tile-agent = 人工客服
tile-settings = 设置
agent-body = 拨打客服电话，接通后说“人工”，就会转给客服人员。要等多久，以电话里的提示为准。
agent-hotline = 客服电话 { $number }
agent-call = 拨打 { $number }
agent-fraud = 怀疑遇到诈骗，请拨打反诈专线 96110，紧急情况拨打 110。
speech-home = 这里是首页。{ $greeting }。{ $freshness }。可以查看余额、明细、转账、缴费、防骗查询、安全卫士、家人、语音和人工客服。如果被骗了，请点“我被骗了”。
speech-agent = 人工客服。可以在下面写字问客服，客服会用文字回复；也可以打客服电话 { $number }。怀疑遇到诈骗，请拨打 96110。
complaints-open = 投诉与建议
complaints-title = 投诉与建议
complaints-category = 第一步：选择类别
complaint-category-service = 服务态度
complaint-category-fraud = 诈骗与风险
complaint-category-fees = 收费
complaint-category-app = 手机应用
complaint-category-other = 其他
complaints-text-label = 第二步：写下您遇到的问题
complaints-submit = 提交
complaints-saved = 已保存。联网时会自动发送给银行。
complaints-mine = 我的投诉
complaints-none = 还没有投诉。
complaint-status-waiting = 等待联网后发送
complaint-status-received = 银行已收到
complaint-status-refused = 银行未接受
speech-complaints = 投诉与建议。先选择类别，再写下问题，然后提交。您有 { $count } 条投诉。
complaint-report-scam = 我要举报一个骗子的电话、账号或网站：
complaint-report-scam-target = 我要举报这个骗子的电话、账号或网站：{ $target }
agent-phone-heading = 打电话找客服
chat-heading = 写字和客服说
chat-intro = 在下面写下您想问的事，银行的客服人员会用文字回复您。不方便打电话、听不清，都可以在这里问。
chat-queue-waiting = 您在排队：前面还有 { $ahead } 位，大约 { $minutes } 分钟后有客服回复您。
chat-queue-open = 客服人员正在为您服务，回复会显示在下面。
chat-offline = 现在没联网。您写的话已经存在手机上，联网后会自动发出。
chat-from-agent = 客服
chat-from-me = 我
chat-waiting = 等待联网后发送
chat-write = 您想问什么
chat-send = 发送
chat-listen = 说话（手机帮您写下来）
chat-listen-prompt = 请说您想问客服的事
