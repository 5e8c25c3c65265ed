# Plain-language errors. Every error the elder can meet has one.
error-money-currency = 币种不一致，无法计算。
error-money-overflow = 金额太大，请检查输入。
error-money-not-amount = 这不是一个金额，请只输入数字，最多两位小数。
error-account-not-found = 找不到这个账户，可能已经注销。
error-store = 读取数据时出了问题，请关闭后重新打开。
error-read-only = 现在是只读模式，修改无法保存。
error-text-scale-range = 字体大小只能在 100% 到 200% 之间。
error-unknown-language = 不认识这种语言。
error-offline = 现在连不上银行。您的操作已保存，联网后会自动发送。
error-not-connected = 这台手机还没有连接银行。
error-refused = 银行没有接受这个请求。
error-invalid-complaint = 请选择投诉类别，并写下 1 到 2000 个字。
error-sync-data = 收到的银行数据无法识别，已停止更新，原有数据不受影响。
error-card-not-found = 找不到这张卡，可能已经注销。
error-needs-connection = 解锁需要联网。请连上网络后再试；为了安全，解锁不会在断网时排队。
error-card-frozen = 这张卡已经冻结。为了安全，请带身份证到网点，或拨打客服热线解冻。
