// The iOS app: what the Android activity does, with Apple's APIs. At start
// it opens the app's data, registers the phone's capabilities once (call
// state, voice, dialer, Face ID / Touch ID key, microphone and recogniser,
// shake), has the library serve the elder UI on loopback (`startUi`) and
// shows that address in a WKWebView: the same Dioxus UI as the desktop and
// the browser. Not compiled on the Linux machines that wrote it (see
// README.md, "Not verified here").

import HappyLifeShell
import SwiftUI
import UIKit
import WebKit

@main
struct HappyLifeApp: App {
    @StateObject private var shell = Shell()

    var body: some Scene {
        WindowGroup {
            Group {
                if let url = shell.url {
                    ElderWebView(url: url)
                        .ignoresSafeArea(.keyboard)
                } else if let sentence = shell.sentence {
                    // The library's sentence (it could not open, or not serve).
                    Text(sentence)
                        .font(.system(size: 28))
                        .padding()
                } else {
                    ProgressView()
                }
            }
            .task { await shell.start() }
        }
    }
}

/// Opens the library once, registers the capabilities, starts the UI.
@MainActor
final class Shell: ObservableObject {
    @Published var url: URL?
    @Published var sentence: String?
    private var app: HappyLife?
    // Kept alive while the app runs: the library does not hold them.
    private var shake: IOSShakeDetector?
    private var tokens: [NSObjectProtocol] = []

    func start() async {
        guard app == nil else { return }
        let opened: HappyLife
        do {
            opened = try await openHappyLife()
        } catch let failed as OpenFailed {
            sentence = failed.sentence
            return
        } catch {
            sentence = "\(error)"
            return
        }
        opened.setCallState(callState: IOSCallState())
        opened.setSpeaker(speaker: IOSSpeaker())
        opened.setDialer(dialer: IOSDialer())
        opened.setSharer(sharer: IOSSharer())
        opened.setBiometricPrompter(prompter: IOSBiometricPrompter())
        // The UI shows the digits itself; the capture needs no view of its own.
        opened.setVoiceCapture(capture: IOSVoiceCapture { _ in })
        // Voices are compared with the bundled speaker encoder; without it
        // the UI offers no voiceprint and says why.
        if let model = Bundle.main.path(forResource: "pretrained", ofType: "pt") {
            try? await opened.setVoiceModel(path: model)
        }
        // A shake reaches the library, which opens the UI's assistant.
        let detector = IOSShakeDetector(openVoice: {})
        opened.setShakeToTalk(detector: detector, on: true)
        shake = detector
        // Background and foreground: the UI shows its lock screen by itself.
        tokens = watchForeground(of: opened) {}
        IOSVoiceCapture.requestPermissions { _ in }
        app = opened
        let bank = Bundle.main.object(forInfoDictionaryKey: "HappyLifeBankURL") as? String ?? ""
        do {
            url = URL(string: try await opened.startUi(server: bank))
        } catch let e as MobileError {
            sentence = opened.message(messageId: e.messageId)
        } catch {
            sentence = "\(error)"
        }
    }
}

/// The phone app with the number filled in; she presses call herself.
final class IOSDialer: Dialer, @unchecked Sendable {
    func dial(number: String) {
        guard let url = URL(string: "tel:\(number)") else { return }
        DispatchQueue.main.async { UIApplication.shared.open(url) }
    }
}

/// The share sheet for the UI's 分享或打印回单: the receipt's text, and a
/// print formatter of it so 打印 is one of the choices.
final class IOSSharer: Sharer, @unchecked Sendable {
    /// A statement's PDF: written to the app's temporary folder, then the
    /// share sheet with the file (打印 prints the PDF itself).
    func shareFile(title: String, fileName: String, mime: String, bytes: Data) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(fileName)
        do {
            try bytes.write(to: url, options: [.atomic, .completeFileProtection])
        } catch {
            return
        }
        present(items: [url], title: title)
    }

    func share(title: String, text: String) {
        let print = UISimpleTextPrintFormatter(text: text)
        present(items: [text, print], title: title)
    }

    private func present(items: [Any], title: String) {
        DispatchQueue.main.async {
            let sheet = UIActivityViewController(activityItems: items, applicationActivities: nil)
            sheet.setValue(title, forKey: "subject")
            let scene = UIApplication.shared.connectedScenes.first { $0.activationState == .foregroundActive }
            guard let root = (scene as? UIWindowScene)?.keyWindow?.rootViewController else { return }
            var top = root
            while let shown = top.presentedViewController { top = shown }
            // iPad: the sheet needs an anchor.
            sheet.popoverPresentationController?.sourceView = top.view
            top.present(sheet, animated: true)
        }
    }
}

/// The WebView on the library's loopback address: its own non-persistent
/// store (the per-launch secret is in the address and a cookie), nothing
/// but 127.0.0.1 inside it; links out go to the system.
struct ElderWebView: UIViewRepresentable {
    let url: URL

    func makeCoordinator() -> Coordinator { Coordinator() }

    func makeUIView(context: Context) -> WKWebView {
        let config = WKWebViewConfiguration()
        config.websiteDataStore = .nonPersistent()
        config.allowsInlineMediaPlayback = false
        let view = WKWebView(frame: .zero, configuration: config)
        view.navigationDelegate = context.coordinator
        view.allowsLinkPreview = false
        view.load(URLRequest(url: url))
        return view
    }

    func updateUIView(_ view: WKWebView, context: Context) {}

    final class Coordinator: NSObject, WKNavigationDelegate {
        func webView(
            _ webView: WKWebView,
            decidePolicyFor action: WKNavigationAction,
            decisionHandler: @escaping (WKNavigationActionPolicy) -> Void
        ) {
            guard let target = action.request.url else { return decisionHandler(.cancel) }
            if target.host == "127.0.0.1" {
                decisionHandler(.allow)
            } else {
                // tel:, a bank page: the system opens it, never this view.
                UIApplication.shared.open(target)
                decisionHandler(.cancel)
            }
        }
    }
}
