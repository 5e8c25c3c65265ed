# Plain-language errors. Every error the elder can meet has one.
error-money-currency = The currencies differ, so this cannot be worked out.
error-money-overflow = The amount is too large. Please check it.
error-money-not-amount = This is not an amount. Please type only digits, with at most two decimals.
error-account-not-found = This account cannot be found. It may have been closed.
error-store = Something went wrong reading your data. Please close the app and open it again.
error-read-only = The app is read-only now, so the change cannot be saved.
error-text-scale-range = Text size can only be between 100% and 200%.
error-unknown-language = This language is not known.
error-offline = The bank cannot be reached now. Your action is saved and will be sent when you are back online.
error-not-connected = This phone is not connected to the bank yet.
error-refused = The bank did not accept this request.
error-invalid-complaint = Please choose a kind of complaint and write 1 to 2000 characters.
error-sync-data = Data from the bank could not be read. Updating stopped; what you had is unchanged.
error-card-not-found = This card cannot be found; it may have been closed.
error-needs-connection = Unlocking needs a connection. Please connect and try again; for your safety an unlock is never queued offline.
error-card-frozen = This card is frozen. For your safety, bring your ID to a branch or call the service line to unfreeze it.
