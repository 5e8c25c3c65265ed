# Settings: language, text size, high contrast.
settings-title = Settings
settings-language = Language
settings-language-current = Now: { $name }
settings-text-size = Text size
settings-text-size-value = Now { $percent }%
settings-bigger = Bigger text
settings-smaller = Smaller text
settings-contrast = High contrast
settings-contrast-on = On
settings-contrast-off = Off
settings-contrast-turn-on = Turn on high contrast
settings-contrast-turn-off = Turn off high contrast
settings-sample = Example: balance ¥12,345.60
speech-settings = This is settings. Language { $language }, text size { $percent }%, high contrast { $contrast }.
