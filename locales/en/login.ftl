# Login PIN: setting it, the lock screen.
pin-typed = { $count } of 6 digits typed
pin-keypad = PIN keypad
pin-key-delete = Delete one digit
pin-lock-title = Enter your PIN
speech-pin-lock = Please enter your 6-digit PIN.
pin-lock-ask = Please enter your 6-digit PIN.
pin-wrong-left = That PIN is not right. { $left ->
    [one] 1 more try.
   *[other] { $left } more tries.
}
pin-locked-until = Too many wrong tries: the PIN is locked. Try again after { $time }.
pin-forgot = Forgot your PIN? Bring your ID card to a branch, or call { $number }. Bank staff will never ask for your PIN.
pin-first-run-ask = This is the first login on this phone. Please enter your 6-digit login PIN, the one you use on your other phone.
pin-change-title = Change your login PIN
pin-change-old = First enter the 6-digit PIN you have now
pin-setup-first = First set a 6-digit login PIN. You will enter it each time you open HappyLife and before the app talks to the bank.
pin-setup-title = Set a PIN
pin-setup-new = Type a new 6-digit PIN
pin-setup-again = Type it once more to confirm
pin-setup-rules = Do not use a birthday, 123456 or 111111: they are easy to guess. Never tell anyone your PIN, not even bank staff.
pin-setup-mismatch = The two did not match. Please type a new PIN again.
pin-setup-done-title = Your PIN is set
pin-setup-done = From now on, HappyLife asks for this PIN when it opens.
settings-pin = Login PIN
settings-pin-on = Set: the app asks for it when it opens.
settings-pin-off = Not set: the app opens without a PIN.
settings-pin-set = Set a PIN
settings-pin-change = Change the PIN
sms-code-bind = [HappyLife Bank] Your code is { $code }. It links your account to a new phone and works for { $minutes } minutes. Do not tell anyone: bank staff will never ask you for it.
sms-code-pin-reset = [HappyLife Bank] Your code is { $code }. It resets your mobile banking PIN and works for { $minutes } minutes. Do not tell anyone: bank staff will never ask you for it.
voiceprint-say = Please read out these digits: { $digits }
bind-title = Link this phone
bind-intro = The first time you use HappyLife on this phone, it must be linked to your bank account.
bind-id-ask = Please enter your ID card number. The bank will send a text message with a code to the mobile number it has for you.
bind-id-label = ID card number (18 characters)
bind-send = Send me a code
bind-code-sent = The code has been sent to { $phone }.
bind-code-valid = Please enter it before { $time }.
bind-code-label = The 6-digit code in the text message
bind-submit = Link this phone
bind-code-warning = Enter the code only here. Anyone who calls and asks you for this code is a scammer: hang up at once.
bind-tries-left = { $left } tries left.
bind-resend = Send a new code
bind-resend-at = You can ask for a new code after { $time }.
bind-sandbox-sms = The demo bank's text message (a real bank sends it to your phone)
