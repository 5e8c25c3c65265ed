package cn.happylife.companion

import android.content.Context
import android.speech.tts.TextToSpeech
import java.util.Locale
import uniffi.happylife_mobile.Speaker

/**
 * The assistant's and 朗读's voice: the phone's own TextToSpeech (offline
 * with the system's voice data). Slower than the default rate, for elders.
 * What was asked before the engine is ready
 * is kept and said once it is; a new sentence replaces the one being said
 * (QUEUE_FLUSH), so a tap on 再说一遍 never piles up readings.
 *
 * The core calls speak() on a worker thread; TextToSpeech may be called
 * from any thread.
 */
class AndroidSpeaker(context: Context) : Speaker {
    @Volatile private var ready = false
    private data class Said(val text: String, val language: String, val rate: Float, val volume: Float)

    @Volatile private var waiting: Said? = null
    private val tts = TextToSpeech(context.applicationContext) { status ->
        ready = status == TextToSpeech.SUCCESS
        waiting?.let { if (ready) say(it) }
        waiting = null
    }

    /** `rate`: of the elder pace (说慢一点 lowers it); `volume`: 0.6–1.0 (大声一点). */
    override fun speak(text: String, language: String, rate: Float, volume: Float) {
        val said = Said(text, language, rate, volume)
        if (ready) say(said) else waiting = said
    }

    private fun say(said: Said) {
        tts.language = Locale.forLanguageTag(said.language)
        tts.setSpeechRate(0.8f * said.rate)
        val params = android.os.Bundle().apply {
            putFloat(TextToSpeech.Engine.KEY_PARAM_VOLUME, said.volume)
        }
        tts.speak(said.text, TextToSpeech.QUEUE_FLUSH, params, "happylife-read-aloud")
    }

    /** Silence before the microphone listens: the recogniser would hear the reading. */
    fun stop() {
        waiting = null
        tts.stop()
    }

    /** Frees the engine (the activity's onDestroy). */
    fun shutdown() = tts.shutdown()
}
