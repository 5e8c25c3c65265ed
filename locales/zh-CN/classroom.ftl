# 防骗课堂：每种骗局的识别要点、怎么办、每日提醒，以及 5 道小测验。

## 冒充公检法诈骗
class-police-impersonation-sign-1 = 陌生电话自称警察、检察院或法院。
class-police-impersonation-sign-2 = 说您涉嫌洗钱等案件，还要您对家人保密。
class-police-impersonation-sign-3 = 要您把钱转到“安全账户”配合调查。
class-police-impersonation-do = 马上挂断，自己拨打 110 核实，一分钱也不要转。
class-police-impersonation-tip = 公检法不会打电话办案，也没有“安全账户”。

## 冒充客服退款诈骗
class-service-refund-sign-1 = 自称网店或快递客服，主动说要给您退款。
class-service-refund-sign-2 = 让您下载软件、共享屏幕或扫二维码。
class-service-refund-sign-3 = 要您说出验证码，或者先转一笔钱。
class-service-refund-do = 挂断电话，自己打开购物软件或拨打官方电话查询。
class-service-refund-tip = 真正的退款原路退回，不用您转账。

## 刷单返利诈骗
class-order-brushing-sign-1 = 说点赞、刷单、做任务就能轻松赚钱。
class-order-brushing-sign-2 = 先给您几块钱甜头，让您相信。
class-order-brushing-sign-3 = 要您先垫钱，说做完任务才能一起提现。
class-order-brushing-do = 不点赞、不刷单、不垫钱，退出群聊并告诉家人。
class-order-brushing-tip = 天上不会掉馅饼，所有刷单都是诈骗。

## 虚假投资理财诈骗
class-investment-sign-1 = 承诺“保本稳赚”“高回报”“内部消息”。
class-investment-sign-2 = 拉您进群听“老师”讲课，群里人人说赚了。
class-investment-sign-3 = 要您下载不认识的软件，往陌生账户投钱。
class-investment-do = 不进群、不下软件，理财请到银行柜台问清楚。
class-investment-tip = 又说保本又说高收益的理财，一定是骗局。

## 虚假贷款诈骗
class-loan-fee-sign-1 = 说不看征信、当天放款、利息很低。
class-loan-fee-sign-2 = 放款前要先交保证金、手续费。
class-loan-fee-sign-3 = 说您填错了信息，要再交钱才能“解冻”。
class-loan-fee-do = 不交任何费用，贷款请到银行网点办理。
class-loan-fee-tip = 正规贷款放款前，不收一分钱。

## 冒充亲友诈骗
class-relative-impersonation-sign-1 = 自称儿女或孙辈，说“我换号了”。
class-relative-impersonation-sign-2 = 说出了急事要用钱，还让您别告诉别人。
class-relative-impersonation-sign-3 = 让您把钱转到一个新的、不认识的账户。
class-relative-impersonation-do = 先打家人原来的电话核实，没问清楚不转钱。
class-relative-impersonation-tip = 亲人换号要钱，先打原来的号码问一问。

## 养老诈骗
class-elder-care-sign-1 = 免费讲座、送鸡蛋，热情得像自家人。
class-elder-care-sign-2 = 推销保健品、养老项目，说能治病又能赚钱。
class-elder-care-sign-3 = 催您当场交钱，或者拿房子去抵押。
class-elder-care-do = 不当场交钱、不签字，先回家和儿女商量。
class-elder-care-tip = 免费礼品的背后，可能盯着您的养老钱。

## 钓鱼网站诈骗
class-phishing-sign-1 = 短信说您的账户异常，或者积分要过期。
class-phishing-sign-2 = 短信里有网址，点开很像银行的页面。
class-phishing-sign-3 = 要您填卡号、密码和短信验证码。
class-phishing-do = 不点网址，有疑问就拨打银行卡背面的客服电话。
class-phishing-tip = 验证码谁要都不给，银行也不会问您要。

## 虚假中奖诈骗
class-lottery-sign-1 = 您没参加过抽奖，却说您中了大奖。
class-lottery-sign-2 = 领奖前要先交税费、手续费或保证金。
class-lottery-sign-3 = 催您快点领奖，说过了今天就作废。
class-lottery-do = 不回复、不交钱，直接删掉这条消息。
class-lottery-tip = 要先交钱才能领的奖，都是假的。

## 网络交友诈骗
class-romance-sign-1 = 网上认识不久，就对您特别亲热。
class-romance-sign-2 = 总有理由不视频、不见面。
class-romance-sign-3 = 说生病、出事或带您投资，向您要钱。
class-romance-do = 没见过面的人要钱，一分也不给，并告诉家人。
class-romance-tip = 网上的朋友开口要钱，就是骗子。

## 小测验（每题只有一个正确答案）
quiz-q1 = 有人来电说是警察，说您的银行卡涉嫌洗钱，要您把钱转到“安全账户”。您该怎么办？
quiz-q1-a = 按他说的转账，配合调查
quiz-q1-b = 挂断电话，自己拨打 110 核实
quiz-q1-c = 把银行卡号告诉他查一查
quiz-q1-why = 警察不会打电话办案，也没有“安全账户”。自己拨 110 问最可靠。

quiz-q2 = “快递客服”来电说您的包裹丢了，要赔您 300 元，让您说出手机收到的验证码。您该怎么办？
quiz-q2-a = 说出验证码，好快点拿到赔偿
quiz-q2-b = 按他说的下载软件、共享屏幕
quiz-q2-c = 挂断，自己打开购物软件查订单
quiz-q2-why = 真正的赔偿会原路退回，不要验证码。说出验证码，钱就可能被转走。

quiz-q3 = 新号码发来消息：“奶奶，我是小明，换号了。出了急事，快转 5000 元到这个账户。”您该怎么办？
quiz-q3-a = 先打小明原来的电话问清楚
quiz-q3-b = 孩子急用，马上转账
quiz-q3-c = 打这个新号码问一问
quiz-q3-why = 新号码可能就是骗子的。打小明原来的号码，才能找到真的小明。

quiz-q4 = 您被拉进一个理财群，“老师”说跟着他投钱，保本稳赚，一个月就翻一倍。您该怎么办？
quiz-q4-a = 先投一点钱试试看
quiz-q4-b = 下载他给的软件，跟着投
quiz-q4-c = 退出群聊，理财到银行柜台问
quiz-q4-why = 正规理财不会承诺保本又高收益。说“稳赚不赔”的，一定是骗局。

quiz-q5 = 短信说：“您的积分今天过期，点网址换现金。”点开后要您填卡号和验证码。您该怎么办？
quiz-q5-a = 填好信息，把积分换成现金
quiz-q5-b = 不点网址，什么信息都不填
quiz-q5-c = 只填卡号，不填验证码
quiz-q5-why = 银行不会发网址让您填卡号、密码或验证码。这是假网站，填了钱会被盗。
