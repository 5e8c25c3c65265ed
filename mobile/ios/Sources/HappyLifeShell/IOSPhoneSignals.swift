import CallKit
import CoreMotion
import Foundation
import UIKit

/// What the core asks before a transfer or a security change. It asks on
/// whatever thread it is on, so both answers are kept up to date from the
/// main queue and only read here.
///
/// In a call: CXCallObserver, which sees cellular calls and VoIP calls made
/// through CallKit. Apps on the mainland China App Store may not use
/// CallKit, so a WeChat call there is not seen.
/// Screen shared: `UIScreen.isCaptured` (a screen recording, AirPlay
/// mirroring, a screen-sharing app).
public final class IOSCallState: NSObject, CallState, CXCallObserverDelegate, @unchecked Sendable {
    private let observer = CXCallObserver()
    private let lock = NSLock()
    private var calling = false
    private var captured = false
    private var watching: NSObjectProtocol?

    override public init() {
        super.init()
        observer.setDelegate(self, queue: nil) // nil: the main queue
        update(calling: observer.calls.contains { !$0.hasEnded })
        watching = NotificationCenter.default.addObserver(
            forName: UIScreen.capturedDidChangeNotification, object: nil, queue: .main
        ) { [weak self] _ in
            self?.refreshCaptured()
        }
        refreshCaptured()
    }

    deinit {
        if let watching { NotificationCenter.default.removeObserver(watching) }
    }

    public func inCall() -> Bool { locked { calling } }

    public func screenShared() -> Bool { locked { captured } }

    /// iOS lets no app end a call: 挂断 is the phone's own red button.
    public func hangUp() -> Bool { false }

    public func callObserver(_ callObserver: CXCallObserver, callChanged call: CXCall) {
        update(calling: callObserver.calls.contains { !$0.hasEnded })
    }

    /// UIScreen is read on the main actor only; the answer is kept for other threads.
    private func refreshCaptured() {
        Task { @MainActor [weak self] in
            let now = UIScreen.main.isCaptured
            self?.update(captured: now)
        }
    }

    private func update(calling now: Bool) { locked { calling = now } }

    private func update(captured now: Bool) { locked { captured = now } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// Shake-to-talk. Every reading over the threshold is reported: the core
/// debounces, so a long shake opens the voice assistant once. 2.7 g:
/// walking, or putting the phone down on a table, stays well under it.
/// `openVoice` runs on the main queue.
public final class IOSShakeDetector: ShakeDetector, @unchecked Sendable {
    private let motion = CMMotionManager()
    private let openVoice: @Sendable () -> Void

    public init(openVoice: @escaping @Sendable () -> Void) {
        self.openVoice = openVoice
    }

    public func start(listener: ShakeListener) {
        guard motion.isAccelerometerAvailable else { return }
        motion.accelerometerUpdateInterval = 1.0 / 50
        let openVoice = self.openVoice
        motion.startAccelerometerUpdates(to: .main) { data, _ in
            guard let a = data?.acceleration else { return } // in g already
            if (a.x * a.x + a.y * a.y + a.z * a.z).squareRoot() > 2.7, listener.onShake() {
                openVoice()
            }
        }
    }

    public func stop() {
        motion.stopAccelerometerUpdates()
    }
}
