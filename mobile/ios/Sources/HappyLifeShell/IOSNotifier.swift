import Foundation
import UserNotifications

/// Family alerts as notifications. Urgent ones (a scam reported, a transfer
/// stopped or waiting for her family) are `.timeSensitive`: they break
/// through a Focus and stay on the lock screen longer. That needs the app
/// target's Time Sensitive Notifications capability; without it iOS shows
/// them as ordinary ones.
///
/// It is the notification centre's delegate, so alerts that a sync brings
/// while the app is open are shown too (iOS shows none for an app in the
/// foreground otherwise). The library holds the notifier once it is set, so
/// the delegate, which the centre holds weakly, stays alive.
///
/// The core calls `notify` on whatever thread its sync runs on;
/// `UNUserNotificationCenter` may be called from any thread.
public final class IOSNotifier: NSObject, Notifier, UNUserNotificationCenterDelegate, @unchecked Sendable {
    private let center = UNUserNotificationCenter.current()

    /// Asks for permission (iOS asks her once; later calls only read her answer).
    override public init() {
        super.init()
        center.delegate = self
        center.requestAuthorization(options: [.alert, .sound]) { _, _ in }
    }

    // `Notification` is the library's (the generated bindings are in this
    // module, and a module's own type shadows Foundation's).
    public func notify(notification: Notification) {
        let content = UNMutableNotificationContent()
        content.body = notification.text
        content.sound = .default
        content.threadIdentifier = notification.kind // grouped by kind
        content.interruptionLevel = notification.urgent ? .timeSensitive : .active // iOS 15+, as this package
        // The bank's alert id: the same alert told twice replaces itself
        // instead of stacking up.
        let request = UNNotificationRequest(
            identifier: "family-\(notification.id)",
            content: content,
            trigger: nil // now
        )
        center.add(request)
    }

    public func userNotificationCenter(
        _ center: UNUserNotificationCenter,
        willPresent notification: UNNotification,
        withCompletionHandler completionHandler: @escaping (UNNotificationPresentationOptions) -> Void
    ) {
        completionHandler([.banner, .list, .sound])
    }
}
