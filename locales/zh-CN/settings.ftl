# Settings: language, text size, high contrast.
settings-title = 设置
settings-language = 语言
settings-language-current = 现在是：{ $name }
settings-text-size = 字体大小
settings-text-size-value = 现在是 { $percent }%
settings-bigger = 放大字体
settings-smaller = 缩小字体
settings-contrast = 高对比度
settings-contrast-on = 已开启
settings-contrast-off = 已关闭
settings-contrast-turn-on = 开启高对比度
settings-contrast-turn-off = 关闭高对比度
settings-sample = 示例：余额 ¥12,345.60
speech-settings = 这里是设置。语言是 { $language }，字体大小 { $percent }%，高对比度{ $contrast }。
