# Anti-fraud: lookups, scam kinds, risk reasons, the CLI's plain errors.
fraud-listed = 這個{ $what ->
    [phone] 號碼
    [account] 帳戶
    [url] 網址
   *[other] 內容
}已被多人舉報為{ $scam }，請不要轉帳，也不要聯絡對方。
fraud-not-listed = 這個{ $what ->
    [phone] 號碼
    [account] 帳戶
    [url] 網址
   *[other] 內容
}未發現風險（防騙名單日期：{ $date }）。仍請多加小心。
fraud-nothing-to-check = 沒有找到可以查詢的號碼、帳戶或網址，請檢查後再輸入。

scam-police-impersonation = 冒充公檢法詐騙
scam-police-impersonation-explain = 騙子自稱警察、檢察院或法院，說您涉嫌案件，要您把錢轉到「安全帳戶」。公檢法從不電話辦案，也沒有「安全帳戶」。
scam-service-refund = 冒充客服退款詐騙
scam-service-refund-explain = 騙子自稱網店或快遞客服，說要給您退款或理賠，再一步步讓您轉帳或說出驗證碼。真正的退款會原路退回，不需要您轉帳。
scam-order-brushing = 刷單返利詐騙
scam-order-brushing-explain = 騙子說按讚、刷單就能賺錢，先給一點甜頭，再讓您墊付大筆錢後消失。所有刷單都是詐騙。
scam-investment = 虛假投資理財詐騙
scam-investment-explain = 騙子承諾「高回報」「保本穩賺」，拉您進群、下載軟體投錢。正規理財不承諾保本高收益。
scam-loan-fee = 虛假貸款詐騙
scam-loan-fee-explain = 騙子說辦貸款、解凍資金或修改徵信，要先交「保證金」「手續費」。正規貸款放款前不收任何費用。
scam-relative-impersonation = 冒充親友詐騙
scam-relative-impersonation-explain = 騙子冒充您的子女、孫輩或熟人，說「換號了」「急用錢」，讓您轉到一個新帳戶。請先打家人原來的電話核實。
scam-elder-care = 養老詐騙
scam-elder-care-explain = 騙子以養老項目、保健品、「以房養老」為名，許諾高額回報，騙走養老錢。請和家人商量，不要當場交錢。
scam-phishing = 釣魚網站詐騙
scam-phishing-explain = 騙子發來假銀行網址，讓您輸入卡號、密碼或驗證碼。銀行不會發連結讓您填寫這些資料。
scam-lottery = 虛假中獎詐騙
scam-lottery-explain = 騙子說您中了大獎，領獎前要先交稅費或手續費。真正的中獎不需要先交錢。
scam-romance = 網路交友詐騙
scam-romance-explain = 網上認識的「朋友」藉口生病、投資或來看您，向您要錢。沒見過面的人要錢，一定是騙局。

reason-payee-listed = 收款帳戶已被多人舉報為詐騙帳戶。
reason-scam-words-certain = 附言裡有只有騙子才會說的話（比如「安全帳戶」「配合調查」「刷單」）。
reason-screen-sharing = 您的手機正在共享螢幕，對方能看到您的密碼和驗證碼。
reason-by-agent = 這筆轉帳是別人替您辦理的。
reason-recent-scam-report = 您最近按過「我被騙了」。騙子可能還在聯絡您，轉帳要先讓家人確認。
reason-scam-words = 附言裡有騙子常用的說法。
reason-on-call = 您正在講電話。騙子常在電話裡一步步指揮轉帳。
reason-unusual-amount = 這筆錢比您平時轉帳多很多。
reason-large-amount = 這是一筆大額轉帳。
reason-relative-new-account = 親友換了新帳戶要錢，這是冒充親友的常見說法。
reason-new-device = 您的帳戶一天內在新手機上登入過。
reason-password-changed = 您的密碼一天內剛修改過。
reason-night-time = 現在是深夜。
reason-new-payee = 這是第一次給這個帳戶轉帳。

decision-allow = 未發現風險，可以繼續。
decision-warn = 請停一停，這筆轉帳有風險。
decision-cosign = 這筆轉帳需要您的監護家人同意後才能轉出。
decision-block = 為了保護您的錢，這筆轉帳已被攔下。

request-invalid-request = 輸入的內容格式不對，請檢查後再試。
request-invalid-amount = 金額不對：請填大於 0 的整數（單位：分）。
request-invalid-time = 時間不對：請用帶時區的格式，例如 2026-11-25T15:00:00+08:00。
request-invalid-age = 年齡不對：請填 0 到 150 之間的整數。
request-invalid-hours = 小時數不對：請填 0 或更大的數字。
request-invalid-payee = 請填寫收款帳戶。
request-note-too-long = 附言太長了，最多 200 個字。

fraud-check-intro = 收到陌生電話、簡訊、連結或 QR 碼？把號碼、帳戶、網址或掃碼得到的文字放在下面，馬上幫您查。沒有網路也能查。
fraud-check-label = 號碼、帳戶、網址或文字
fraud-check-submit = 查一查
fraud-check-danger = 有風險
fraud-check-clear = 沒發現問題
fraud-check-if-paid = 如果已經轉帳，或者說出了驗證碼，請馬上撥打 96110 反詐專線或 110 報警。
fraud-check-list = 防騙名單日期：{ $date }，共 { $count } 條。
fraud-call = 撥打 { $number }
speech-fraud-check = 防騙查詢。把號碼、帳戶或網址放進輸入框，再點「查一查」。
report-open = 檢舉詐騙號碼、帳號或網址
report-title = 檢舉詐騙
speech-report = 檢舉詐騙。寫上騙子的電話號碼、銀行帳號或網址，再用幾句話說說發生了什麼。銀行查證後，會把它加入防騙名單。
report-intro = 寫上騙子的電話號碼、銀行帳號或網址，再用幾句話說說發生了什麼。銀行查證後會加入防騙名單，大家的手機都能查到。沒連網也可以寫，連網後會自動送出。
report-target = 電話號碼、銀行帳號或網址
report-note = 發生了什麼（幾句話就好）
report-send = 送出檢舉
report-saved = 已記下，謝謝您。連網後會送給銀行查證。
report-mine = 我的檢舉
report-status-waiting = 等待連網後傳送
report-status-received = 銀行已收到，正在查證
report-status-confirmed = 已查證，已加入防騙名單
report-status-rejected = 銀行查證後，沒有加入防騙名單
call-warning-title = 來電預警
call-warning-body = 這個號碼已被多人檢舉為詐騙電話，請不要照對方說的做。
call-warning-number = 來電號碼：{ $number }（{ $scam }）
call-warning-do = 不要轉帳，不要說驗證碼，不要下載對方要您裝的軟體。掛掉電話，有事先問家人。
call-warning-hang-up = 掛斷
call-warning-hang-up-yourself = 請按手機上的紅色掛斷鍵。
call-warning-family = 打電話給{ $name }
call-warning-seen = 知道了

# Message check: listed / suspicious / clear, and the reasons.
fraud-suspicious = 這則訊息很像{ $scam }。不要點裡面的連結，不要回電話，不要轉帳，也不要說出驗證碼。
fraud-clear = 沒發現問題（防騙名單日期：{ $date }）。這不代表一定安全：陌生人要錢、要驗證碼、讓您點連結，都先問問家人。
fraud-check-suspicious = 很可能是詐騙
fraud-check-why = 為什麼這樣說：
fraud-check-report-this = 這則訊息可疑，請點下面的「舉報」，幫更多人躲開它。
signal-lookalike-site = 這個網址（{ $host }）冒充{ $body }，{ $body }的網址是 { $domain }。
signal-not-their-site = 訊息自稱{ $body }，但連結（{ $host }）不是{ $body }的網址，{ $body }的網址是 { $domain }。
signal-disguised-site = 這個網址（{ $host }）把別的網站的名字放在前面裝成它，其實是 { $domain } 的，一個不認識的網站。
signal-scam-words = 裡面有騙子的說法：「{ $word }」（{ $scam }常用）。
signal-account-threat = 說您的帳戶異常、要凍結或停用，再讓您點連結或打電話：這是釣魚簡訊的說法。
signal-reward-link = 用積分、補貼、退稅、理賠或補償引您點連結、打電話、掃碼或填卡號：真的退款和補貼不用這樣領。
signal-identity-request = 以養老金認證、社保卡或醫保卡為名要您的身分證號、卡號或驗證碼：政府部門不會這樣要。
signal-relative-new-number = 自稱家人換了號碼或出了事，開口要錢：請先打家人原來的號碼核實。
signal-code-request = 有人要您的驗證碼：驗證碼誰要都不能給，客服和警察也不會要。
signal-fee-first = 要您先交一筆錢（手續費、保證金、稅費）才給貸款、獎品或包裹：正規機構不會先收錢。
signal-promised-returns = 許諾穩賺、保本或很高的回報：正規理財從不這樣說。
signal-link-asks = 陌生網址要您填資料或付錢：不要點，也不要填。
signal-cancel-charge = 說您開通的會員或保險要自動扣費，讓「客服」幫您取消：這是冒充客服詐騙的開頭。真要取消，請在官方 App 裡自己操作。
signal-reads-like = 這則訊息的說法和銀行收集到的{ $scam }簡訊很像。
