# Home screen: greeting and the big tiles.
home-greeting = { $part ->
    [morning] { $name }，上午好
    [afternoon] { $name }，下午好
   *[evening] { $name }，晚上好
}
home-tiles-label = 常用功能
tile-balance = 餘額
tile-history = 明細
tile-transfer = 轉帳
tile-bills = 繳費
tile-fraud-check = 防騙查詢
tile-family = 家人
tile-voice = 語音
tile-agent = 人工客服
tile-settings = 設定
agent-body = 撥打客服電話，接通後說「人工」，就會轉給客服人員。要等多久，以電話裡的提示為準。
agent-hotline = 客服電話 { $number }
agent-call = 撥打 { $number }
agent-fraud = 懷疑遇到詐騙，請撥打反詐專線 96110，緊急情況撥打 110。
speech-home = 這裡是首頁。{ $greeting }。{ $freshness }。可以檢視餘額、明細、轉帳、繳費、防騙查詢、安全衛士、家人、語音和人工客服。如果被騙了，請點「我被騙了」。
speech-agent = 人工客服。可以在下面寫字問客服，客服會用文字回覆；也可以打客服電話 { $number }。懷疑遇到詐騙，請撥打 96110。
complaints-open = 投訴與建議
complaints-title = 投訴與建議
complaints-category = 第一步：選擇類別
complaint-category-service = 服務態度
complaint-category-fraud = 詐騙與風險
complaint-category-fees = 收費
complaint-category-app = 手機應用程式
complaint-category-other = 其他
complaints-text-label = 第二步：寫下您遇到的問題
complaints-submit = 送出
complaints-saved = 已儲存。連網時會自動傳送給銀行。
complaints-mine = 我的投訴
complaints-none = 還沒有投訴。
complaint-status-waiting = 等待連網後傳送
complaint-status-received = 銀行已收到
complaint-status-refused = 銀行未接受
speech-complaints = 投訴與建議。先選擇類別，再寫下問題，然後送出。您有 { $count } 則投訴。
complaint-report-scam = 我要檢舉一個騙子的電話、帳號或網站：
complaint-report-scam-target = 我要檢舉這個騙子的電話、帳號或網站：{ $target }
agent-phone-heading = 打電話找客服
chat-heading = 寫字和客服說
chat-intro = 在下面寫下您想問的事，銀行的客服人員會用文字回覆您。不方便打電話、聽不清楚，都可以在這裡問。
chat-queue-waiting = 您在排隊：前面還有 { $ahead } 位，大約 { $minutes } 分鐘後有客服回覆您。
chat-queue-open = 客服人員正在為您服務，回覆會顯示在下面。
chat-offline = 現在沒連網。您寫的話已經存在手機上，連網後會自動送出。
chat-from-agent = 客服
chat-from-me = 我
chat-waiting = 等待連網後傳送
chat-write = 您想問什麼
chat-send = 傳送
chat-listen = 說話（手機幫您寫下來）
chat-listen-prompt = 請說您想問客服的事
