# Home screen: greeting and the big tiles.
home-greeting = { $part ->
    [morning] Good morning, { $name }
    [afternoon] Good afternoon, { $name }
   *[evening] Good evening, { $name }
}
home-tiles-label = Main tasks
tile-balance = Balance
tile-history = History
tile-transfer = Transfer
tile-bills = Pay bills
tile-fraud-check = Fraud check
tile-family = Family
tile-voice = Voice
tile-agent = Talk to a person
tile-settings = Settings
agent-body = Call the service line and say "agent" when it answers to be put through to a person. How long you wait is what the line tells you.
agent-hotline = Service line { $number }
agent-call = Call { $number }
agent-fraud = If you think it is a scam, call the anti-fraud line 96110, or 110 in an emergency.
speech-home = This is the home page. { $greeting }. { $freshness }. You can see your balance, history, transfer, pay bills, check for fraud, guard your cards, family, voice, and talk to a person. If you have been scammed, press "I've been scammed".
speech-agent = Talk to a person. Write below and a person answers in writing, or call the service line { $number }. If you think it is a scam, call 96110.
complaints-open = Complaints and suggestions
complaints-title = Complaints
complaints-category = Step 1: choose a kind
complaint-category-service = Service
complaint-category-fraud = Fraud and risk
complaint-category-fees = Fees
complaint-category-app = The phone app
complaint-category-other = Other
complaints-text-label = Step 2: write what happened
complaints-submit = Send
complaints-saved = Saved. It is sent to the bank automatically when you are online.
complaints-mine = My complaints
complaints-none = No complaints yet.
complaint-status-waiting = Waiting to be sent when online
complaint-status-received = Received by the bank
complaint-status-refused = Not accepted by the bank
speech-complaints = Complaints. Choose a kind, write what happened, then send. You have { $count } complaints.
complaint-report-scam = I want to report a scammer's phone number, account or website:
complaint-report-scam-target = I want to report this scammer's phone number, account or website: { $target }
agent-phone-heading = Call the bank
chat-heading = Write to a person at the bank
chat-intro = Write your question below and a person at the bank will answer in writing. Use this if calling is hard or you cannot hear well.
chat-queue-waiting = You are in the queue: { $ahead } before you, about { $minutes } minutes until a person answers.
chat-queue-open = A person at the bank is answering you; the answers appear below.
chat-offline = There is no connection now. What you wrote is kept on this phone and will be sent when you are back online.
chat-from-agent = The bank
chat-from-me = Me
chat-waiting = Waiting for a connection to send
chat-write = What would you like to ask?
chat-send = Send
chat-listen = Speak (the phone writes it down)
chat-listen-prompt = Please say what you would like to ask
