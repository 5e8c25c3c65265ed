# Plain-language errors. Every error the elder can meet has one.
error-money-currency = 幣種不一致，無法計算。
error-money-overflow = 金額太大，請檢查輸入。
error-money-not-amount = 這不是一個金額，請只輸入數字，最多兩位小數。
error-account-not-found = 找不到這個帳戶，可能已經登出。
error-store = 讀取資料時出了問題，請關閉後重新開啟。
error-read-only = 現在是隻讀模式，修改無法儲存。
error-text-scale-range = 字型大小只能在 100% 到 200% 之間。
error-unknown-language = 不認識這種語言。
