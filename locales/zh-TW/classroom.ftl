# 防騙教室：每種騙局的識別重點、怎麼辦、每日提醒，以及 5 道小測驗。

## 冒充公檢法詐騙
class-police-impersonation-sign-1 = 陌生電話自稱警察、檢察官或法院。
class-police-impersonation-sign-2 = 說您涉嫌洗錢等案件，還要您對家人保密。
class-police-impersonation-sign-3 = 要您把錢轉到「安全帳戶」配合調查。
class-police-impersonation-do = 馬上掛斷，自己撥打 110 查證，一塊錢也不要轉。
class-police-impersonation-tip = 警察和法院不會打電話辦案，也沒有「安全帳戶」。

## 冒充客服退款詐騙
class-service-refund-sign-1 = 自稱購物網站或物流客服，主動說要退款給您。
class-service-refund-sign-2 = 叫您下載 App、分享螢幕或掃 QR 碼。
class-service-refund-sign-3 = 要您說出驗證碼，或是先轉一筆錢。
class-service-refund-do = 掛斷電話，自己打開購物 App 或撥打官方電話查詢。
class-service-refund-tip = 真正的退款會原路退回，不必您轉帳。

## 刷單返利詐騙
class-order-brushing-sign-1 = 說按讚、刷單、做任務就能輕鬆賺錢。
class-order-brushing-sign-2 = 先給您幾塊錢甜頭，讓您相信。
class-order-brushing-sign-3 = 要您先墊錢，說任務做完才能一起領出來。
class-order-brushing-do = 不按讚、不刷單、不墊錢，退出群組並告訴家人。
class-order-brushing-tip = 天下沒有白吃的午餐，所有刷單都是詐騙。

## 虛假投資理財詐騙
class-investment-sign-1 = 保證「穩賺不賠」「高報酬」「內線消息」。
class-investment-sign-2 = 拉您進群組聽「老師」講課，群裡人人說賺了。
class-investment-sign-3 = 要您下載沒聽過的 App，匯錢到陌生帳戶。
class-investment-do = 不進群組、不裝 App，理財請到銀行櫃檯問清楚。
class-investment-tip = 又說保本又說高報酬的投資，一定是騙局。

## 虛假貸款詐騙
class-loan-fee-sign-1 = 說不看信用、當天撥款、利息很低。
class-loan-fee-sign-2 = 撥款前要先交保證金、手續費。
class-loan-fee-sign-3 = 說您資料填錯了，要再交錢才能「解凍」。
class-loan-fee-do = 不交任何費用，貸款請到銀行分行辦理。
class-loan-fee-tip = 正規貸款在撥款前，不收一毛錢。

## 冒充親友詐騙
class-relative-impersonation-sign-1 = 自稱兒女或孫子，說「我換號碼了」。
class-relative-impersonation-sign-2 = 說出了急事要用錢，還叫您別告訴別人。
class-relative-impersonation-sign-3 = 叫您把錢轉到一個新的、不認識的帳戶。
class-relative-impersonation-do = 先打家人原本的電話確認，沒問清楚不轉帳。
class-relative-impersonation-tip = 親人換號碼要錢，先打原本的號碼問一問。

## 養老詐騙
class-elder-care-sign-1 = 免費講座、送雞蛋，熱情得像自家人。
class-elder-care-sign-2 = 推銷保健食品、養老方案，說能治病又能賺錢。
class-elder-care-sign-3 = 催您當場付錢，或是拿房子去抵押。
class-elder-care-do = 不當場付錢、不簽名，先回家和子女商量。
class-elder-care-tip = 免費贈品的背後，可能盯著您的養老錢。

## 釣魚網站詐騙
class-phishing-sign-1 = 簡訊說您的帳戶異常，或是點數快到期。
class-phishing-sign-2 = 簡訊裡有網址，點開很像銀行的網頁。
class-phishing-sign-3 = 要您輸入卡號、密碼和簡訊驗證碼。
class-phishing-do = 不點網址，有疑問就撥打銀行卡背面的客服電話。
class-phishing-tip = 驗證碼誰要都不給，銀行也不會跟您要。

## 虛假中獎詐騙
class-lottery-sign-1 = 您沒參加過抽獎，卻說您中了大獎。
class-lottery-sign-2 = 領獎前要先繳稅金、手續費或保證金。
class-lottery-sign-3 = 催您趕快領獎，說過了今天就作廢。
class-lottery-do = 不回覆、不付錢，直接刪掉這則訊息。
class-lottery-tip = 要先付錢才能領的獎，都是假的。

## 網路交友詐騙
class-romance-sign-1 = 網路上認識沒多久，就對您特別親熱。
class-romance-sign-2 = 總有理由不視訊、不見面。
class-romance-sign-3 = 說生病、出事或帶您投資，跟您要錢。
class-romance-do = 沒見過面的人要錢，一塊錢也不給，並告訴家人。
class-romance-tip = 網路上的朋友開口要錢，就是騙子。

## 小測驗（每題只有一個正確答案）
quiz-q1 = 有人來電說是警察，說您的銀行帳戶涉嫌洗錢，要您把錢轉到「安全帳戶」。您該怎麼辦？
quiz-q1-a = 照他說的轉帳，配合調查
quiz-q1-b = 掛斷電話，自己撥打 110 查證
quiz-q1-c = 把銀行卡號告訴他查一查
quiz-q1-why = 警察不會打電話辦案，也沒有「安全帳戶」。自己撥 110 問最可靠。

quiz-q2 = 「物流客服」來電說您的包裹弄丟了，要賠您 300 元，叫您說出手機收到的驗證碼。您該怎麼辦？
quiz-q2-a = 說出驗證碼，好快點拿到賠償
quiz-q2-b = 照他說的下載 App、分享螢幕
quiz-q2-c = 掛斷，自己打開購物 App 查訂單
quiz-q2-why = 真正的賠償會原路退回，不需要驗證碼。說出驗證碼，錢就可能被轉走。

quiz-q3 = 新號碼傳來訊息：「奶奶，我是小明，換號碼了。出了急事，快轉 5000 元到這個帳戶。」您該怎麼辦？
quiz-q3-a = 先打小明原本的電話問清楚
quiz-q3-b = 孩子急用，馬上轉帳
quiz-q3-c = 打這個新號碼問一問
quiz-q3-why = 新號碼可能就是騙子的。打小明原本的號碼，才能找到真的小明。

quiz-q4 = 您被拉進一個投資群組，「老師」說跟著他投錢，保本穩賺，一個月就翻倍。您該怎麼辦？
quiz-q4-a = 先投一點錢試試看
quiz-q4-b = 下載他給的 App，跟著投
quiz-q4-c = 退出群組，理財到銀行櫃檯問
quiz-q4-why = 正規投資不會保證保本又高報酬。說「穩賺不賠」的，一定是騙局。

quiz-q5 = 簡訊說：「您的點數今天到期，點網址換現金。」點開後要您輸入卡號和驗證碼。您該怎麼辦？
quiz-q5-a = 填好資料，把點數換成現金
quiz-q5-b = 不點網址，什麼資料都不填
quiz-q5-c = 只填卡號，不填驗證碼
quiz-q5-why = 銀行不會傳網址叫您填卡號、密碼或驗證碼。這是假網站，填了錢會被盜。
