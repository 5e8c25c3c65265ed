# Plain-language errors. Every error the elder can meet has one.
error-money-currency = 幣種不一致，無法計算。
error-money-overflow = 金額太大，請檢查輸入。
error-money-not-amount = 這不是一個金額，請只輸入數字，最多兩位小數。
error-account-not-found = 找不到這個帳戶，可能已經登出。
error-store = 讀取資料時出了問題，請關閉後重新開啟。
error-read-only = 現在是隻讀模式，修改無法儲存。
error-text-scale-range = 字型大小只能在 100% 到 200% 之間。
error-unknown-language = 不認識這種語言。
error-offline = 現在連不上銀行。您的操作已儲存，連網後會自動傳送。
error-not-connected = 這台手機還沒有連接銀行。
error-refused = 銀行沒有接受這個請求。
error-invalid-complaint = 請選擇投訴類別，並寫下 1 到 2000 個字。
error-sync-data = 收到的銀行資料無法辨識，已停止更新，原有資料不受影響。
error-card-not-found = 找不到這張卡，可能已經註銷。
error-needs-connection = 解鎖需要連網。請連上網路後再試；為了安全，解鎖不會在斷網時排隊。
error-card-frozen = 這張卡已經凍結。為了安全，請帶身分證到分行，或撥打客服熱線解凍。
