import Foundation
import UIKit

/// Opens the core on the app's Application Support folder and, right after,
/// gives it `notifier` for family alerts (a sync may bring one at any time).
/// A failure is an `OpenFailed` carrying the sentence to show.
public func openHappyLife(notifier: Notifier = IOSNotifier()) async throws -> HappyLife {
    do {
        let dir = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("HappyLife", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let app = try await HappyLife.open(dataDir: dir.path)
        app.setNotifier(notifier: notifier)
        return app
    } catch {
        throw OpenFailed(cause: error)
    }
}

/// Opening failed. There is no `HappyLife` to ask for a sentence, so this
/// one is the library's `messageFor` in the phone's language; anything not
/// a `MobileError` (the folder, a panic) gets the store's "close the app
/// and open it again". `localizedDescription` is the sentence.
public struct OpenFailed: LocalizedError {
    public let cause: Error
    public let sentence: String

    init(cause: Error) {
        self.cause = cause
        sentence = messageFor(
            messageId: (cause as? MobileError)?.messageId ?? "error-store",
            language: Locale.preferredLanguages.first ?? "zh-CN"
        )
    }

    public var errorDescription: String? { sentence }
}

extension MobileError {
    /// Every case carries its Fluent id (for `app.message(messageId:)`); the enum itself does not.
    public var messageId: String {
        switch self {
        case let .WrongPin(_, id), let .WrongCode(_, id), let .PinLocked(_, id),
             let .BiometricCancelled(id), let .BiometricRefused(_, id),
             let .VoiceRefused(_, _, id), let .VoiceCancelled(id), let .Failed(_, id):
            return id
        }
    }
}

/// Tells the core when the app leaves and comes back; `pinNeeded` runs on
/// the main queue when it was away long enough that the session ended and
/// the PIN is asked again. Keep the returned tokens while the app runs.
@MainActor
public func watchForeground(of app: HappyLife, pinNeeded: @escaping @Sendable () -> Void) -> [NSObjectProtocol] {
    let center = NotificationCenter.default
    return [
        center.addObserver(forName: UIApplication.didEnterBackgroundNotification, object: nil, queue: .main) { _ in
            app.wentToBackground()
        },
        center.addObserver(forName: UIApplication.willEnterForegroundNotification, object: nil, queue: .main) { _ in
            if app.cameToForeground() { pinNeeded() }
        },
    ]
}
