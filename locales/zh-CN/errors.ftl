# Plain-language errors. Every error the elder can meet has one.
error-money-currency = 币种不一致，无法计算。
error-money-overflow = 金额太大，请检查输入。
error-money-not-amount = 这不是一个金额，请只输入数字，最多两位小数。
error-account-not-found = 找不到这个账户，可能已经注销。
error-store = 读取数据时出了问题，请关闭后重新打开。
error-read-only = 现在是只读模式，修改无法保存。
error-text-scale-range = 字体大小只能在 100% 到 200% 之间。
error-unknown-language = 不认识这种语言。
