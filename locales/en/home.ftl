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
notyet-body = This service is still being prepared and will be ready soon. For now you can see your balance and history.
agent-body = Call the service line and a real person will help you, with no menus to choose from.
agent-hotline = Service line { $number }
agent-call = Call { $number }
agent-fraud = If you think it is a scam, call the anti-fraud line 96110, or 110 in an emergency.
speech-home = This is the home page. { $greeting }. { $freshness }. You can see your balance, history, transfer, pay bills, check for fraud, family, voice, and talk to a person.
speech-notyet = { $feature }. This service is still being prepared and will be ready soon.
speech-agent = Talk to a person. Service line { $number }. If you think it is a scam, call 96110.
