# Anti-fraud: lookups, scam kinds, risk reasons, the CLI's plain errors.
fraud-listed = 这个{ $what ->
    [phone] 号码
    [account] 账户
    [url] 网址
   *[other] 内容
}已被多人举报为{ $scam }，请不要转账，也不要联系对方。
fraud-not-listed = 这个{ $what ->
    [phone] 号码
    [account] 账户
    [url] 网址
   *[other] 内容
}未发现风险（防骗名单日期：{ $date }）。仍请多加小心。
fraud-nothing-to-check = 没有找到可以查询的号码、账户或网址，请检查后再输入。

scam-police-impersonation = 冒充公检法诈骗
scam-police-impersonation-explain = 骗子自称警察、检察院或法院，说您涉嫌案件，要您把钱转到“安全账户”。公检法从不电话办案，也没有“安全账户”。
scam-service-refund = 冒充客服退款诈骗
scam-service-refund-explain = 骗子自称网店或快递客服，说要给您退款或理赔，再一步步让您转账或说出验证码。真正的退款会原路退回，不需要您转账。
scam-order-brushing = 刷单返利诈骗
scam-order-brushing-explain = 骗子说点赞、刷单就能赚钱，先给一点甜头，再让您垫付大笔钱后消失。所有刷单都是诈骗。
scam-investment = 虚假投资理财诈骗
scam-investment-explain = 骗子承诺“高回报”“保本稳赚”，拉您进群、下载软件投钱。正规理财不承诺保本高收益。
scam-loan-fee = 虚假贷款诈骗
scam-loan-fee-explain = 骗子说办贷款、解冻资金或修改征信，要先交“保证金”“手续费”。正规贷款放款前不收任何费用。
scam-relative-impersonation = 冒充亲友诈骗
scam-relative-impersonation-explain = 骗子冒充您的子女、孙辈或熟人，说“换号了”“急用钱”，让您转到一个新账户。请先打家人原来的电话核实。
scam-elder-care = 养老诈骗
scam-elder-care-explain = 骗子以养老项目、保健品、“以房养老”为名，许诺高额回报，骗走养老钱。请和家人商量，不要当场交钱。
scam-phishing = 钓鱼网站诈骗
scam-phishing-explain = 骗子发来假银行网址，让您输入卡号、密码或验证码。银行不会发链接让您填写这些信息。
scam-lottery = 虚假中奖诈骗
scam-lottery-explain = 骗子说您中了大奖，领奖前要先交税费或手续费。真正的中奖不需要先交钱。
scam-romance = 网络交友诈骗
scam-romance-explain = 网上认识的“朋友”借口生病、投资或来看您，向您要钱。没见过面的人要钱，一定是骗局。

reason-payee-listed = 收款账户已被多人举报为诈骗账户。
reason-scam-words-certain = 附言里有只有骗子才会说的话（比如“安全账户”“配合调查”“刷单”）。
reason-screen-sharing = 您的手机正在共享屏幕，对方能看到您的密码和验证码。
reason-by-agent = 这笔转账是别人替您办理的。
reason-recent-scam-report = 您最近按过“我被骗了”。骗子可能还在联系您，转账要先让家人确认。
reason-scam-words = 附言里有骗子常用的说法。
reason-on-call = 您正在打电话。骗子常在电话里一步步指挥转账。
reason-unusual-amount = 这笔钱比您平时转账多很多。
reason-large-amount = 这是一笔大额转账。
reason-relative-new-account = 亲友换了新账户要钱，这是冒充亲友的常见说法。
reason-new-device = 您的账户一天内在新手机上登录过。
reason-password-changed = 您的密码一天内刚修改过。
reason-night-time = 现在是深夜。
reason-new-payee = 这是第一次给这个账户转账。

decision-allow = 未发现风险，可以继续。
decision-warn = 请停一停，这笔转账有风险。
decision-cosign = 这笔转账需要您的监护家人同意后才能转出。
decision-block = 为了保护您的钱，这笔转账已被拦下。

request-invalid-request = 输入的内容格式不对，请检查后再试。
request-invalid-amount = 金额不对：请填大于 0 的整数（单位：分）。
request-invalid-time = 时间不对：请用带时区的格式，例如 2026-11-25T15:00:00+08:00。
request-invalid-age = 年龄不对：请填 0 到 150 之间的整数。
request-invalid-hours = 小时数不对：请填 0 或更大的数字。
request-invalid-payee = 请填写收款账户。
request-note-too-long = 附言太长了，最多 200 个字。

fraud-check-intro = 收到陌生电话、短信、链接或二维码？把号码、账户、网址或扫码得到的文字放在下面，马上帮您查。没有网络也能查。
fraud-check-label = 号码、账户、网址或文字
fraud-check-submit = 查一查
fraud-check-danger = 有风险
fraud-check-clear = 没发现问题
fraud-check-if-paid = 如果已经转账，或者说出了验证码，请马上拨打 96110 反诈专线或 110 报警。
fraud-check-list = 防骗名单日期：{ $date }，共 { $count } 条。
fraud-call = 拨打 { $number }
speech-fraud-check = 防骗查询。把号码、账户或网址放进输入框，再点“查一查”。
report-open = 举报诈骗号码、账号或网址
report-title = 举报诈骗
speech-report = 举报诈骗。写上骗子的电话号码、银行账号或网址，再用几句话说说发生了什么。银行核实后，会把它加入防骗名单。
report-intro = 写上骗子的电话号码、银行账号或网址，再用几句话说说发生了什么。银行核实后会加入防骗名单，大家的手机都能查到。没联网也可以写，联网后会自动发出。
report-target = 电话号码、银行账号或网址
report-note = 发生了什么（几句话就行）
report-send = 提交举报
report-saved = 已记下，谢谢您。联网后会发给银行核实。
report-mine = 我的举报
report-status-waiting = 等待联网后发送
report-status-received = 银行已收到，正在核实
report-status-confirmed = 已核实，已加入防骗名单
report-status-rejected = 银行核实后，没有加入防骗名单
call-warning-title = 来电预警
call-warning-body = 这个号码已被多人举报为诈骗电话，请不要按对方说的做。
call-warning-number = 来电号码：{ $number }（{ $scam }）
call-warning-do = 不要转账，不要说验证码，不要下载对方让装的软件。挂掉电话，有事先问家人。
call-warning-hang-up = 挂断
call-warning-hang-up-yourself = 请按手机上的红色挂断键。
call-warning-family = 给{ $name }打电话
call-warning-seen = 知道了

# Message check: listed / suspicious / clear, and the reasons.
fraud-suspicious = 这条消息很像{ $scam }。不要点里面的链接，不要回电话，不要转账，也不要说出验证码。
fraud-clear = 没发现问题（防骗名单日期：{ $date }）。这不代表一定安全：陌生人要钱、要验证码、让您点链接，都先问问家人。
fraud-check-suspicious = 很可能是诈骗
fraud-check-why = 为什么这样说：
fraud-check-report-this = 这条消息可疑，请点下面的“举报”，帮更多人躲开它。
signal-lookalike-site = 这个网址（{ $host }）冒充{ $body }，{ $body }的网址是 { $domain }。
signal-not-their-site = 消息自称{ $body }，但链接（{ $host }）不是{ $body }的网址，{ $body }的网址是 { $domain }。
signal-disguised-site = 这个网址（{ $host }）把别的网站的名字放在前面装成它，其实是 { $domain } 的，一个不认识的网站。
signal-scam-words = 里面有骗子的说法：“{ $word }”（{ $scam }常用）。
signal-account-threat = 说您的账户异常、要冻结或停用，再让您点链接或打电话：这是钓鱼短信的说法。
signal-reward-link = 用积分、补贴、退税、理赔或补偿引您点链接、打电话、扫码或填卡号：真的退款和补贴不用这样领。
signal-identity-request = 以养老金认证、社保卡或医保卡为名要您的身份证号、卡号或验证码：政府部门不会这样要。
signal-relative-new-number = 自称家人换了号码或出了事，开口要钱：请先打家人原来的号码核实。
signal-code-request = 有人要您的验证码：验证码谁要都不能给，客服和警察也不会要。
signal-fee-first = 要您先交一笔钱（手续费、保证金、税费）才给贷款、奖品或包裹：正规机构不会先收钱。
signal-promised-returns = 许诺稳赚、保本或很高的回报：正规理财从不这样说。
signal-link-asks = 陌生网址要您填资料或付钱：不要点，也不要填。
signal-cancel-charge = 说您开通的会员或保险要自动扣费，让“客服”帮您取消：这是冒充客服诈骗的开头。真要取消，请在官方 App 里自己操作。
signal-reads-like = 这条消息的说法和银行收集到的{ $scam }短信很像。
