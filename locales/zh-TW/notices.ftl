# Messages shown at start-up when something about the stored data was wrong.
notice-store-damaged = 原來的資料檔案無法讀取。它已原樣保留為“{ $file }”，並新建了一份資料。您的資料沒有被刪除。
notice-store-foreign = 資料位置上有一個不屬於本應用的檔案。它已原樣保留為“{ $file }”，並新建了一份資料。
notice-temporary = 資料資料夾無法寫入，本次使用臨時資料，關閉後不會儲存。
notice-read-only = 資料檔案只能讀取、不能修改，本次為只讀模式，設定不會儲存。
notice-unknown-locale = 不認識語言“{ $requested }”，已使用簡體中文。
notice-setting-out-of-range = 儲存的字型大小 { $value }% 超出範圍（100%–200%），已恢復為 { $default }%。
notice-heading = 請注意
