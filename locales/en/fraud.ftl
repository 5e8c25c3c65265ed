# Anti-fraud: lookups, scam kinds, risk reasons, the CLI's plain errors.
fraud-listed = Many people have reported this { $what ->
    [phone] number
    [account] account
    [url] website
   *[other] text
} for { $scam }. Do not send money and do not contact them.
fraud-not-listed = No risk found for this { $what ->
    [phone] number
    [account] account
    [url] website
   *[other] text
} (scam list of { $date }). Please still take care.
fraud-nothing-to-check = No phone number, account or website found to check. Please check what you entered.

scam-police-impersonation = a fake police scam
scam-police-impersonation-explain = Someone says they are the police, a prosecutor or a court, says you are part of a case, and asks you to move money to a "safe account". The police never handle cases by phone and there is no "safe account".
scam-service-refund = a fake customer service refund scam
scam-service-refund-explain = Someone says they are a shop or courier's customer service and offers a refund or compensation, then leads you step by step to send money or read out a code. Real refunds go back by themselves; you never pay to get one.
scam-order-brushing = a paid-task (order brushing) scam
scam-order-brushing-explain = Someone offers money for liking posts or fake orders, pays a little first, then asks you to advance a large sum and disappears. Every paid-task offer like this is a scam.
scam-investment = a fake investment scam
scam-investment-explain = Someone promises "high returns" and "guaranteed, no-risk" profit and asks you to join a group or install an app to invest. Real investments never promise both.
scam-loan-fee = a fake loan scam
scam-loan-fee-explain = Someone offers a loan, to unfreeze money or to fix your credit record, and asks for a "deposit" or "fee" first. Real loans never charge before paying out.
scam-relative-impersonation = a fake relative scam
scam-relative-impersonation-explain = Someone pretends to be your child, grandchild or a friend, says they "changed their number" and "need money urgently", and gives a new account. Call your family member on their old number first.
scam-elder-care = a pension scam
scam-elder-care-explain = Someone sells "elder care projects", health products or "home-for-pension" plans with high returns and takes your savings. Talk to your family before paying anything.
scam-phishing = a fake website scam
scam-phishing-explain = Someone sends a fake bank link and asks for your card number, password or code. The bank never sends links asking for these.
scam-lottery = a fake prize scam
scam-lottery-explain = Someone says you won a big prize but must pay tax or a fee first. A real prize never needs money first.
scam-romance = an online romance scam
scam-romance-explain = A "friend" met online asks for money for illness, an investment or a trip to see you. Someone you have never met who asks for money is running a scam.

reason-payee-listed = The receiving account has been reported by many people as a scam account.
reason-scam-words-certain = The note has words only scammers use (such as "safe account", "assist an investigation", "paid tasks").
reason-screen-sharing = Your phone is sharing its screen: the other person can see your password and codes.
reason-by-agent = Someone else is making this transfer for you.
reason-recent-scam-report = You pressed "I've been scammed" recently. The scammer may still be in touch, so a family member must confirm transfers first.
reason-scam-words = The note has words scammers often use.
reason-on-call = You are on a phone call. Scammers often direct transfers step by step on the phone.
reason-unusual-amount = This is much more than you usually send.
reason-large-amount = This is a large transfer.
reason-relative-new-account = A relative asking for money to a new account is a common scam story.
reason-new-device = Your account was signed in on a new phone in the last day.
reason-password-changed = Your password was changed in the last day.
reason-night-time = It is late at night.
reason-new-payee = You have never sent money to this account before.

decision-allow = No risk found. You may continue.
decision-warn = Please stop for a moment: this transfer looks risky.
decision-cosign = This transfer needs your guardian's approval before it is sent.
decision-block = To protect your money, this transfer has been stopped.

request-invalid-request = The input is not in the right format. Please check it and try again.
request-invalid-amount = Wrong amount: give a whole number of fen, above 0.
request-invalid-time = Wrong time: use a time with its offset, e.g. 2026-11-25T15:00:00+08:00.
request-invalid-age = Wrong age: give a whole number from 0 to 150.
request-invalid-hours = Wrong number of hours: give 0 or more.
request-invalid-payee = Please give the receiving account.
request-note-too-long = The note is too long: 200 characters at most.

fraud-check-intro = A strange call, message, link or QR code? Put the number, account, website or the scanned text below and we check it at once. Works without a network.
fraud-check-label = Number, account, website or text
fraud-check-submit = Check it
fraud-check-danger = Risk found
fraud-check-clear = Nothing found
fraud-check-if-paid = If you have already sent money or read out a code, call the 96110 anti-fraud line or the police on 110 now.
fraud-check-list = Scam list of { $date }, { $count } entries.
fraud-call = Call { $number }
speech-fraud-check = Scam check. Put a number, account or website in the box, then press "Check it".
report-open = Report a scam number, account or site
report-title = Report a scam
speech-report = Report a scam. Write the scammer's phone number, bank account or web address, and say in a few words what happened. Once the bank has checked it, it goes on the scam list.
report-intro = Write the scammer's phone number, bank account or web address, and say in a few words what happened. Once the bank has checked it, it goes on the scam list and everyone's phone will find it. You can write it offline; it is sent when you are back online.
report-target = Phone number, bank account or web address
report-note = What happened (a few words)
report-send = Send the report
report-saved = Noted, thank you. It goes to the bank to be checked when you are online.
report-mine = My reports
report-status-waiting = Waiting for a connection to send
report-status-received = The bank has it and is checking
report-status-confirmed = Checked: it is on the scam list now
report-status-rejected = The bank checked it and did not add it to the list
call-warning-title = Scam call warning
call-warning-body = Many people have reported this number as a scam. Please do not do what the caller says.
call-warning-number = Calling: { $number } ({ $scam })
call-warning-do = Do not transfer money, do not say any code, do not install any app they name. Hang up, and ask your family first.
call-warning-hang-up = Hang up
call-warning-hang-up-yourself = Please press the red hang-up button on your phone.
call-warning-family = Call { $name }
call-warning-seen = I understand

# Message check: listed / suspicious / clear, and the reasons.
fraud-suspicious = This message looks like { $scam }. Do not open its link, do not call back, do not transfer money and do not tell anyone a code.
fraud-clear = Nothing found (scam list of { $date }). That does not make it safe: if a stranger asks for money or a code, or asks you to open a link, ask your family first.
fraud-check-suspicious = Very likely a scam
fraud-check-why = Why we say so:
fraud-check-report-this = This message is suspicious. Please press "Report" below to help others avoid it.
signal-lookalike-site = This web address ({ $host }) pretends to be { $body }. The real site of { $body } is { $domain }.
signal-not-their-site = The message says it is from { $body }, but its link ({ $host }) is not theirs. The real site of { $body } is { $domain }.
signal-disguised-site = This web address ({ $host }) puts the ending of another site in front to look like it: it really belongs to { $domain }, a site you do not know.
signal-scam-words = It uses a scammer's words: "{ $word }" (typical of { $scam }).
signal-account-threat = It says your account is abnormal or will be frozen, then asks you to open a link or call: that is how phishing messages talk.
signal-reward-link = It offers points, a subsidy, a tax refund, a claim or compensation behind a link, a phone call, a QR code or your card number: real refunds never work like that.
signal-identity-request = It asks for your ID number, card number or code for a pension check or a social-security card: government offices never ask like that.
signal-relative-new-number = Someone says they are family with a new number or in trouble, and asks for money: call their old number first.
signal-code-request = Someone asks for your verification code: never give it to anyone, not to customer service and not to the police.
signal-fee-first = It wants a fee, a deposit or a tax first, before a loan, a prize or a parcel: real companies never charge first.
signal-promised-returns = It promises sure, guaranteed or very high returns: honest investments never do.
signal-link-asks = An unknown site asks for your details or money: do not open it and do not fill anything in.
signal-cancel-charge = It says a membership or insurance will charge you unless "customer service" helps you cancel it: that is how refund scams start. To cancel anything, do it yourself in the official app.
signal-reads-like = This message reads very much like the messages of { $scam } the bank has collected.
