import AVFoundation

/// The assistant's and 朗读's voice: the system's speech synthesiser (on
/// the phone, no network). Slower than the default rate, for elders. A new
/// sentence stops the one being said, so a tap on 再说一遍 never piles up
/// readings.
///
/// The core calls `speak` on a worker thread; the synthesiser is used from
/// the main queue.
public final class IOSSpeaker: Speaker, @unchecked Sendable {
    private let synthesizer = AVSpeechSynthesizer()

    public init() {}

    /// `rate`: of the elder pace (说慢一点 lowers it); `volume`: 0.6–1.0 (大声一点).
    public func speak(text: String, language: String, rate: Float, volume: Float) {
        DispatchQueue.main.async { [synthesizer] in
            synthesizer.stopSpeaking(at: .immediate)
            let utterance = AVSpeechUtterance(string: text)
            // zh-CN / zh-TW / en: AVSpeechSynthesisVoice takes BCP 47 tags.
            utterance.voice = AVSpeechSynthesisVoice(language: language)
            utterance.rate = AVSpeechUtteranceDefaultSpeechRate * 0.85 * rate
            utterance.volume = volume
            synthesizer.speak(utterance)
        }
    }

    /// Silence before the microphone listens: the recogniser would hear the reading.
    public func stop() {
        DispatchQueue.main.async { [synthesizer] in
            synthesizer.stopSpeaking(at: .immediate)
        }
    }
}
