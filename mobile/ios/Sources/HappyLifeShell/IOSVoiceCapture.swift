import AVFoundation
import Foundation
import Speech

/// The microphone and speech recogniser for voiceprint enrolment, login and
/// PIN reset. The core compares the voice on the samples and the digits on
/// the recogniser's text, so both come from the same buffers: one
/// AVAudioEngine tap feeds SFSpeechRecognizer and, converted to 16 kHz Int16
/// mono, the recording.
///
/// The app shows the prompt: `show` gets the text to display, then `nil`
/// when the recording is over (on the main queue); its stop button calls
/// `cancel()`. The prompt is not spoken: the recording would pick it up.
/// Without the microphone permission (`requestPermissions`) capture reports
/// the microphone unavailable; without speech recognition (not allowed, or
/// none for the app's language) the recogniser unavailable. Either way the
/// core offers the PIN.
///
/// Rust calls `capture` on a blocking worker thread, never the main thread.
public final class IOSVoiceCapture: VoiceCapture, @unchecked Sendable {
    private let show: @Sendable (String?) -> Void
    private let lock = NSLock()
    private var current: Take?

    public init(show: @escaping @Sendable (String?) -> Void) {
        self.show = show
    }

    /// Asks for the microphone, then speech recognition; `done(true)` when both were given.
    public static func requestPermissions(_ done: @escaping @Sendable (Bool) -> Void) {
        AVAudioSession.sharedInstance().requestRecordPermission { microphone in
            SFSpeechRecognizer.requestAuthorization { speech in
                done(microphone && speech == .authorized)
            }
        }
    }

    /// Her stop button.
    public func cancel() {
        lock.lock()
        let take = current
        lock.unlock()
        take?.end(cancelled: true)
    }

    public func capture(prompt: VoicePromptInfo) throws -> VoiceRecording {
        // The recogniser first: allowing the microphone would not help without it.
        guard SFSpeechRecognizer.authorizationStatus() == .authorized,
              let recognizer = SFSpeechRecognizer(locale: Self.locale(for: prompt.language)),
              recognizer.isAvailable
        else {
            throw VoiceCaptureError.RecogniserUnavailable
        }
        guard AVAudioSession.sharedInstance().recordPermission == .granted else {
            throw VoiceCaptureError.MicrophoneUnavailable
        }
        let session = AVAudioSession.sharedInstance()
        do {
            // .measurement: no automatic gain or noise suppression, so the
            // voiceprint and the core's loudness checks get the voice as it is.
            try session.setCategory(.record, mode: .measurement)
            try session.setActive(true)
        } catch {
            throw VoiceCaptureError.MicrophoneUnavailable // a call or another app holds it
        }
        defer { try? session.setActive(false, options: .notifyOthersOnDeactivation) }

        let engine = AVAudioEngine()
        let input = engine.inputNode
        let native = input.outputFormat(forBus: 0)
        guard native.sampleRate > 0, native.channelCount > 0,
              let target = AVAudioFormat(
                  commonFormat: .pcmFormatInt16, sampleRate: Double(Take.rate), channels: 1, interleaved: true
              ),
              let converter = AVAudioConverter(from: native, to: target)
        else {
            throw VoiceCaptureError.MicrophoneUnavailable
        }

        let request = SFSpeechAudioBufferRecognitionRequest()
        request.shouldReportPartialResults = false
        if recognizer.supportsOnDeviceRecognition {
            request.requiresOnDeviceRecognition = true // her voice stays on the phone
        }
        let take = Take()
        let task = recognizer.recognitionTask(with: request) { result, error in
            if let result, result.isFinal {
                take.heard(result.bestTranscription.formattedString)
            } else if error != nil {
                take.heard("")
            }
        }
        input.installTap(onBus: 0, bufferSize: 4096, format: native) { buffer, _ in
            request.append(buffer)
            let capacity = AVAudioFrameCount(Double(buffer.frameLength) * target.sampleRate / native.sampleRate) + 32
            guard let out = AVAudioPCMBuffer(pcmFormat: target, frameCapacity: capacity) else { return }
            let source = OneBuffer(buffer)
            var error: NSError?
            let converted = converter.convert(to: out, error: &error) { _, inputStatus in
                source.next(inputStatus)
            }
            guard converted != .error, let channels = out.int16ChannelData else { return }
            take.add(UnsafeBufferPointer(start: channels[0], count: Int(out.frameLength)))
        }
        engine.prepare()
        do {
            try engine.start()
        } catch {
            input.removeTap(onBus: 0)
            task.cancel()
            throw VoiceCaptureError.MicrophoneUnavailable
        }
        lock.lock()
        current = take
        lock.unlock()
        let show = self.show
        DispatchQueue.main.async { show(prompt.text) }

        // The tap stops when a call or Siri takes the microphone: the wait
        // ends at the longest recording anyway.
        _ = take.ended.wait(timeout: .now() + .seconds(Take.maxSeconds + 2))
        take.end(cancelled: false)
        input.removeTap(onBus: 0)
        engine.stop()
        request.endAudio()
        lock.lock()
        current = nil
        lock.unlock()
        DispatchQueue.main.async { show(nil) }

        if take.cancelled {
            task.cancel()
            throw VoiceCaptureError.Cancelled
        }
        let text = take.text(within: .seconds(5))
        if text == nil { task.cancel() }
        return VoiceRecording(pcm: take.pcm, sampleRate: UInt32(Take.rate), recognisedText: text ?? "")
    }

    /// The app's language ("zh-CN", "zh-TW", "en") as a locale SFSpeechRecognizer
    /// knows: it lists English only with a region ("en-US", "en-GB"…).
    static func locale(for language: String) -> Locale {
        switch language {
        case "zh-TW": return Locale(identifier: "zh-TW")
        case "en": return Locale(identifier: "en-US")
        default: return Locale(identifier: "zh-CN")
        }
    }
}

/// One recording: written by the audio tap's thread, the recogniser's queue
/// and `cancel()`, read by `capture` once it has ended.
private final class Take: @unchecked Sendable {
    static let rate = 16_000
    static let maxSeconds = 12
    private static let silenceSamples = rate * 3 / 2 // 1.5 s of quiet after speech
    private static let speechRMS = 500.0 // about -36 dBFS: above a quiet room, below a voice

    let ended = DispatchSemaphore(value: 0)
    private let recognised = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var recorded: [Int16] = []
    private var spoke = false
    private var quiet = 0
    private var wasCancelled = false
    private var isOver = false
    private var answer: String?

    /// Little-endian bytes, as the library takes them (what iOS devices hold
    /// already; `.littleEndian` says so rather than assume it).
    var pcm: Data {
        locked { recorded.map(\.littleEndian).withUnsafeBufferPointer { Data(buffer: $0) } }
    }
    var cancelled: Bool { locked { wasCancelled } }

    func add(_ chunk: UnsafeBufferPointer<Int16>) {
        guard !chunk.isEmpty else { return }
        let loud = Self.rms(chunk) > Self.speechRMS
        locked {
            guard !isOver else { return }
            recorded.append(contentsOf: chunk.prefix(Self.rate * Self.maxSeconds - recorded.count))
            if loud {
                spoke = true
                quiet = 0
            } else if spoke {
                quiet += chunk.count
            }
            if recorded.count >= Self.rate * Self.maxSeconds || quiet >= Self.silenceSamples {
                overLocked()
            }
        }
    }

    func end(cancelled: Bool) {
        locked {
            if cancelled && !isOver { wasCancelled = true }
            overLocked()
        }
    }

    func heard(_ text: String) {
        let first: Bool = locked {
            guard answer == nil else { return false }
            answer = text
            return true
        }
        if first { recognised.signal() }
    }

    func text(within wait: DispatchTimeInterval) -> String? {
        guard recognised.wait(timeout: .now() + wait) == .success else { return nil }
        return locked { answer }
    }

    private func overLocked() {
        if !isOver {
            isOver = true
            ended.signal()
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private static func rms(_ chunk: UnsafeBufferPointer<Int16>) -> Double {
        let sum = chunk.reduce(0.0) { $0 + Double($1) * Double($1) }
        return (sum / Double(chunk.count)).squareRoot()
    }
}

/// Hands the converter one tap buffer, then "nothing yet", which keeps its
/// resampling state for the next buffer (end of stream would flush it).
private final class OneBuffer {
    private var buffer: AVAudioPCMBuffer?

    init(_ buffer: AVAudioPCMBuffer) {
        self.buffer = buffer
    }

    func next(_ status: UnsafeMutablePointer<AVAudioConverterInputStatus>) -> AVAudioBuffer? {
        guard let given = buffer else {
            status.pointee = .noDataNow
            return nil
        }
        buffer = nil
        status.pointee = .haveData
        return given
    }
}
