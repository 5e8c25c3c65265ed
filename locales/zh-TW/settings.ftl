# Settings: language, text size, high contrast.
settings-title = 設定
settings-language = 語言
settings-language-current = 現在是：{ $name }
settings-text-size = 字型大小
settings-text-size-value = 現在是 { $percent }%
settings-bigger = 放大字型
settings-smaller = 縮小字型
settings-contrast = 高對比度
settings-contrast-on = 已開啟
settings-contrast-off = 已關閉
settings-contrast-turn-on = 開啟高對比度
settings-contrast-turn-off = 關閉高對比度
settings-sample = 示例：餘額 ¥12,345.60
speech-settings = 這裡是設定。語言是 { $language }，字型大小 { $percent }%，高對比度{ $contrast }。
