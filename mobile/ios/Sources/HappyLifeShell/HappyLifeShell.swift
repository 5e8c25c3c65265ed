import Foundation
import UIKit

/// Opens the core on the app's Application Support folder.
public func openHappyLife() async throws -> HappyLife {
    let dir = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        .appendingPathComponent("HappyLife", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return try await HappyLife.open(dataDir: dir.path)
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
