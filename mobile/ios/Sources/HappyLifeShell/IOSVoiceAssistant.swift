import AVFoundation
import os
import Speech
import SwiftUI
import UIKit

/// Shake-to-talk's assistant, only as much as proves the native half: one
/// utterance from SFSpeechRecognizer, the core's turn for it, its sentence
/// shown (`IOSVoiceAssistantView`) and spoken. The elder UI is the Dioxus
/// layout, so 对 here opens no screen, moves no money and changes no card:
/// it logs what would open (a transfer always ends on the normal
/// confirmation screen there). One per app, with one `IOSSpeaker`.
@MainActor
public final class IOSVoiceAssistant: ObservableObject {
    @Published public private(set) var said = "" // the turn's sentence
    @Published public private(set) var note = "" // listening, or what went wrong
    @Published public private(set) var asksYes = false
    public var yesTitle: String { app.message(messageId: "voice-yes") }
    public var noTitle: String { app.message(messageId: "voice-no") }

    private let app: HappyLife
    private let speaker: IOSSpeaker
    private let log = Logger(subsystem: "cn.happylife.companion", category: "assistant")
    private var turn: VoiceTurn?
    private var first = "" // what she said before the turn's question
    private var language = "zh-CN"
    private var busy = false // listening or waiting for the core: another shake is ignored
    private var take = 0 // which listening a late callback belongs to
    private var recognizer: SFSpeechRecognizer? // kept while its task runs
    private var engine: AVAudioEngine?
    private var request: SFSpeechAudioBufferRecognitionRequest?
    private var task: SFSpeechRecognitionTask?
    private var words = "" // the best transcript so far
    private var timer: Task<Void, Never>?

    public init(app: HappyLife, speaker: IOSSpeaker) {
        self.app = app
        self.speaker = speaker
    }

    /// A detector whose shake opens this assistant; keep it while shake-to-talk is on.
    public func shakeDetector() -> IOSShakeDetector {
        IOSShakeDetector { Task { @MainActor in self.listen() } }
    }

    public func listen() {
        guard !busy, UIApplication.shared.applicationState == .active else { return }
        speaker.stop() // the recogniser must not hear the last answer read out
        language = app.language()
        guard SFSpeechRecognizer.authorizationStatus() == .authorized,
              let recognizer = SFSpeechRecognizer(locale: IOSVoiceCapture.locale(for: language)),
              recognizer.isAvailable
        else { return fail("voice-no-recogniser") }
        let session = AVAudioSession.sharedInstance()
        guard session.recordPermission == .granted else { return fail("voice-no-microphone") }
        let engine = AVAudioEngine()
        let request = SFSpeechAudioBufferRecognitionRequest()
        request.shouldReportPartialResults = true // each one puts the end off: see `heard`
        if recognizer.supportsOnDeviceRecognition { request.requiresOnDeviceRecognition = true }
        var tapped = false
        do {
            // playAndRecord, not record: the answer is spoken right after.
            try session.setCategory(.playAndRecord, mode: .default, options: [.defaultToSpeaker])
            try session.setActive(true)
            tapped = Self.feed(engine.inputNode, to: request)
            if tapped {
                engine.prepare()
                try engine.start()
            }
        } catch {
            tapped = false
        }
        guard tapped, engine.isRunning else {
            if tapped { engine.inputNode.removeTap(onBus: 0) }
            try? session.setActive(false, options: .notifyOthersOnDeactivation)
            return fail("voice-no-microphone") // no input, or a call holds the microphone
        }
        busy = true
        take += 1
        words = ""
        note = app.message(messageId: "voice-listening")
        self.recognizer = recognizer
        self.engine = engine
        self.request = request
        let mine = take
        task = Self.recognise(request, with: recognizer) { text, over in
            Task { @MainActor in self.heard(text, over: over, take: mine) }
        }
        endAfter(6) // for her to begin
    }

    /// 对: the turn is over here too.
    public func yes() {
        let intent = turn?.intent ?? ""
        log.info("assistant: 对 to \(intent, privacy: .public): the Dioxus screen would open here")
        no()
    }

    public func no() {
        speaker.stop()
        first = ""
        show(nil)
    }

    private func heard(_ text: String?, over: Bool, take mine: Int) {
        guard mine == take, task != nil else { return } // a take already ended
        if let text { words = text }
        if over { finish() } else { endAfter(1.5) } // a pause after her words ends the audio
    }

    private func endAfter(_ seconds: Double) {
        timer?.cancel()
        timer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            guard !Task.isCancelled else { return }
            self?.timeUp()
        }
    }

    /// First the audio ends and the final text is awaited; if it never comes, what was heard.
    private func timeUp() {
        guard let engine else { return finish() }
        engine.stop()
        engine.inputNode.removeTap(onBus: 0)
        self.engine = nil
        request?.endAudio()
        endAfter(5)
    }

    private func finish() {
        timer?.cancel()
        task?.cancel()
        engine?.stop()
        engine?.inputNode.removeTap(onBus: 0)
        timer = nil
        task = nil
        engine = nil
        request = nil
        recognizer = nil
        try? AVAudioSession.sharedInstance().setActive(false, options: .notifyOthersOnDeactivation)
        note = ""
        let text = words.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            busy = false
            return fail("voice-ask-unknown")
        }
        // As the Dioxus screen: the answer to an open question is read with what she said first.
        let reply = turn.map { $0.asks && !$0.needsYes } ?? false
        let first = self.first
        Task {
            defer { busy = false }
            let next: VoiceTurn
            do {
                if reply {
                    next = try await app.understandReply(first: first, reply: text)
                } else {
                    next = try await app.understand(text: text)
                }
            } catch {
                fail((error as? MobileError)?.messageId ?? "error-store")
                return
            }
            self.first = reply ? "\(first)，\(text)" : text
            show(next)
            speaker.speak(text: next.say, language: language)
            if !next.asks && !next.needsYes {
                log.info("assistant: the Dioxus screen for \(next.intent, privacy: .public) would open here")
            }
        }
    }

    private func show(_ next: VoiceTurn?) {
        turn = next
        said = next?.say ?? ""
        note = ""
        asksYes = next?.needsYes ?? false
    }

    /// The library's sentence, under the turn (which stays, as on the Dioxus screen), and said.
    private func fail(_ messageId: String) {
        note = app.message(messageId: messageId)
        speaker.speak(text: note, language: language)
    }

    // Off the main actor: the tap runs on the audio thread, the recogniser on its queue.

    private nonisolated static func feed(
        _ input: AVAudioInputNode, to request: SFSpeechAudioBufferRecognitionRequest
    ) -> Bool {
        let format = input.outputFormat(forBus: 0)
        guard format.sampleRate > 0, format.channelCount > 0 else { return false } // no microphone
        input.installTap(onBus: 0, bufferSize: 4096, format: format) { buffer, _ in request.append(buffer) }
        return true
    }

    private nonisolated static func recognise(
        _ request: SFSpeechAudioBufferRecognitionRequest, with recognizer: SFSpeechRecognizer,
        then: @escaping @Sendable (String?, Bool) -> Void
    ) -> SFSpeechRecognitionTask {
        recognizer.recognitionTask(with: request) { result, error in
            then(result?.bestTranscription.formattedString, result?.isFinal == true || error != nil)
        }
    }
}

/// Her turn in large type and, when it waits for her yes, 对 and 不对.
public struct IOSVoiceAssistantView: View {
    @ObservedObject var assistant: IOSVoiceAssistant

    public init(assistant: IOSVoiceAssistant) {
        _assistant = ObservedObject(wrappedValue: assistant)
    }

    public var body: some View {
        VStack(spacing: 24) {
            Text(assistant.said)
            Text(assistant.note).font(.title)
            if assistant.asksYes {
                Button(assistant.yesTitle) { assistant.yes() }.buttonStyle(.borderedProminent)
                Button(assistant.noTitle) { assistant.no() }.buttonStyle(.bordered)
            }
        }
        .font(.largeTitle)
        .controlSize(.large)
        .padding()
    }
}
