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
        // The bank's key pins (Info.plist `HappyLifeBankCertificatePins`,
        // pin-sha256 values; absent for the sandbox), before any connection.
        let pins = Bundle.main.object(forInfoDictionaryKey: "HappyLifeBankCertificatePins") as? [String] ?? []
        try setBankCertificatePins(pins: pins, extraRootsDer: [])
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

/// Covers `window` while the app is not in front (the app switcher's
/// snapshot would show her balances) and while the screen is being
/// recorded, mirrored or shared (MASVS-PLATFORM-3). iOS cannot forbid a
/// screenshot; the shell is told of one and the core counts screen sharing
/// in every transfer's risk check (`IOSCallState`). Keep the returned
/// tokens while the app runs.
@MainActor
public func protectScreen(of window: UIWindow) -> [NSObjectProtocol] {
    let cover = UIView(frame: window.bounds)
    cover.backgroundColor = .systemBackground
    cover.autoresizingMask = [.flexibleWidth, .flexibleHeight]
    let center = NotificationCenter.default
    let show: @MainActor (Bool) -> Void = { hidden in
        if hidden {
            cover.frame = window.bounds
            window.addSubview(cover)
        } else {
            cover.removeFromSuperview()
        }
    }
    show(UIScreen.main.isCaptured)
    return [
        center.addObserver(forName: UIApplication.willResignActiveNotification, object: nil, queue: .main) { _ in
            MainActor.assumeIsolated { show(true) }
        },
        center.addObserver(forName: UIApplication.didBecomeActiveNotification, object: nil, queue: .main) { _ in
            MainActor.assumeIsolated { show(UIScreen.main.isCaptured) }
        },
        center.addObserver(forName: UIScreen.capturedDidChangeNotification, object: nil, queue: .main) { _ in
            MainActor.assumeIsolated { show(UIScreen.main.isCaptured) }
        },
    ]
}
