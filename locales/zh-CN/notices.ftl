# Messages shown at start-up when something about the stored data was wrong.
notice-store-damaged = 原来的数据文件无法读取。它已原样保留为“{ $file }”，并新建了一份数据。您的资料没有被删除。
notice-store-foreign = 数据位置上有一个不属于本应用的文件。它已原样保留为“{ $file }”，并新建了一份数据。
notice-temporary = 数据文件夹无法写入，本次使用临时数据，关闭后不会保存。
notice-read-only = 数据文件只能读取、不能修改，本次为只读模式，设置不会保存。
notice-unknown-locale = 不认识语言“{ $requested }”，已使用简体中文。
notice-setting-out-of-range = 保存的字体大小 { $value }% 超出范围（100%–200%），已恢复为 { $default }%。
notice-heading = 请注意
