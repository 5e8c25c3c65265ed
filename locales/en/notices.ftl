# Messages shown at start-up when something about the stored data was wrong.
notice-store-damaged = The old data file could not be read. It was kept, untouched, as "{ $file }", and a new data file was made. None of your data was deleted.
notice-store-foreign = A file that does not belong to this app was where the data should be. It was kept, untouched, as "{ $file }", and a new data file was made.
notice-temporary = The data folder cannot be written to. This time the app uses temporary data that is not saved when it closes.
notice-read-only = The data file can be read but not changed. The app is read-only this time, and settings are not saved.
notice-unknown-locale = The language "{ $requested }" is not known. Simplified Chinese is used instead.
notice-setting-out-of-range = The saved text size { $value }% is outside 100%–200%. It was set back to { $default }%.
notice-heading = Please note
