# Anti-fraud classroom: how to spot each scam, what to do, the tip of the day, and a 5-question quiz.

## Fake police scam
class-police-impersonation-sign-1 = A stranger calls and says they are the police, a prosecutor or a court.
class-police-impersonation-sign-2 = They say you are part of a money crime and must keep it secret from family.
class-police-impersonation-sign-3 = They ask you to move your money to a "safe account" for the case.
class-police-impersonation-do = Hang up, call 110 yourself to check, and do not send a single yuan.
class-police-impersonation-tip = The police never handle cases by phone. There is no "safe account".

## Fake customer service refund scam
class-service-refund-sign-1 = Someone says they are a shop or courier and offers you a refund.
class-service-refund-sign-2 = They ask you to install an app, share your screen or scan a QR code.
class-service-refund-sign-3 = They ask you to read out a code, or to send some money first.
class-service-refund-do = Hang up, then open the shopping app yourself or call the official number.
class-service-refund-tip = A real refund comes back by itself. You never pay to get one.

## Paid-task (order brushing) scam
class-order-brushing-sign-1 = They offer easy money for liking posts, fake orders or small tasks.
class-order-brushing-sign-2 = They pay you a few yuan at first so that you trust them.
class-order-brushing-sign-3 = They ask you to pay in first and say you get it all back after the tasks.
class-order-brushing-do = Do no tasks and pay nothing. Leave the group and tell your family.
class-order-brushing-tip = No one pays you for liking posts. Every paid-task offer is a scam.

## Fake investment scam
class-investment-sign-1 = They promise "no risk", "high returns" or "inside information".
class-investment-sign-2 = They add you to a chat group with a "teacher", where everyone says they made money.
class-investment-sign-3 = They ask you to install an unknown app and pay into a stranger's account.
class-investment-do = Do not join the group or install the app. Ask at your bank counter instead.
class-investment-tip = An investment that promises both no risk and high returns is a scam.

## Fake loan scam
class-loan-fee-sign-1 = They offer a quick loan with no credit check and very low interest.
class-loan-fee-sign-2 = They ask for a deposit or a fee before paying out the loan.
class-loan-fee-sign-3 = They say you made a mistake and must pay again to "unfreeze" the money.
class-loan-fee-do = Pay no fee at all. For a loan, go to a bank branch in person.
class-loan-fee-tip = A real loan never asks for money before it pays out.

## Fake relative scam
class-relative-impersonation-sign-1 = Someone says they are your child or grandchild and "changed their number".
class-relative-impersonation-sign-2 = They say something bad happened, they need money now, and you must tell no one.
class-relative-impersonation-sign-3 = They ask you to send money to a new account you do not know.
class-relative-impersonation-do = Call your family member on their old number first. Send nothing until you are sure.
class-relative-impersonation-tip = A relative with a new number asking for money? Call their old number first.

## Pension scam
class-elder-care-sign-1 = Free talks and free eggs, with people as warm as your own family.
class-elder-care-sign-2 = They sell health products or care plans that "cure illness and make money".
class-elder-care-sign-3 = They push you to pay on the spot, or to borrow against your home.
class-elder-care-do = Do not pay or sign anything there. Go home and talk it over with your children.
class-elder-care-tip = Free gifts today can cost you your pension savings tomorrow.

## Fake website scam
class-phishing-sign-1 = A message says your account has a problem, or your points will expire.
class-phishing-sign-2 = The message has a link that opens a page that looks like your bank.
class-phishing-sign-3 = The page asks for your card number, password and text-message code.
class-phishing-do = Do not tap the link. If unsure, call the number on the back of your bank card.
class-phishing-tip = Never give your code to anyone. Your bank will never ask for it.

## Fake prize scam
class-lottery-sign-1 = They say you won a big prize, but you never entered a draw.
class-lottery-sign-2 = You must pay tax, a fee or a deposit before you get the prize.
class-lottery-sign-3 = They rush you and say the prize is gone after today.
class-lottery-do = Do not reply and do not pay. Just delete the message.
class-lottery-tip = If you must pay to get a prize, the prize is fake.

## Online romance scam
class-romance-sign-1 = Someone you just met online is very sweet to you very quickly.
class-romance-sign-2 = They always have a reason not to video call or meet you.
class-romance-sign-3 = They ask for money for an illness, an accident or an "investment".
class-romance-do = Never send money to someone you have not met in person. Tell your family.
class-romance-tip = An online friend who asks for money is a scammer.

## Quiz (each question has exactly one right answer)
quiz-q1 = A caller says he is the police. Your bank card is linked to a money crime, so you must move your money to a "safe account". What do you do?
quiz-q1-a = Send the money as he says, to help the case
quiz-q1-b = Hang up and call 110 yourself to check
quiz-q1-c = Give him your card number so he can check it
quiz-q1-why = The police never handle cases by phone and there is no "safe account". Calling 110 yourself is the safe way to check.

quiz-q2 = A "courier service" calls: your parcel was lost, they will pay you 300 yuan, and you must read out the code sent to your phone. What do you do?
quiz-q2-a = Read out the code to get the money faster
quiz-q2-b = Install the app he names and share your screen
quiz-q2-c = Hang up and check your order in the shopping app
quiz-q2-why = Real compensation comes back by itself and needs no code. If you read out the code, your money can be taken.

quiz-q3 = A new number texts: "Grandma, it's Xiao Ming, I changed my number. Something bad happened, send 5000 yuan to this account now." What do you do?
quiz-q3-a = Call Xiao Ming on his old number first
quiz-q3-b = Send the money at once, he needs it
quiz-q3-c = Call the new number to ask him
quiz-q3-why = The new number may belong to the scammer. Only his old number reaches the real Xiao Ming.

quiz-q4 = You are added to an investment chat group. The "teacher" says follow him: no risk, and your money doubles in a month. What do you do?
quiz-q4-a = Put in a little money to try it
quiz-q4-b = Install his app and invest with him
quiz-q4-c = Leave the group and ask at your bank counter
quiz-q4-why = Real investments never promise no risk and high returns together. "Can't lose" always means a scam.

quiz-q5 = A text says: "Your points expire today, tap the link to get cash." The page asks for your card number and code. What do you do?
quiz-q5-a = Fill it in and turn the points into cash
quiz-q5-b = Do not tap the link or fill in anything
quiz-q5-c = Give only the card number, not the code
quiz-q5-why = Your bank never sends links asking for your card number, password or code. It is a fake website that steals money.
