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
    @Volatile private var waiting: Pair<String, String>? = null
    private val tts = TextToSpeech(context.applicationContext) { status ->
        ready = status == TextToSpeech.SUCCESS
        waiting?.let { (text, language) -> if (ready) say(text, language) }
        waiting = null
    }

    override fun speak(text: String, language: String) {
        if (ready) say(text, language) else waiting = text to language
    }

    private fun say(text: String, language: String) {
        tts.language = Locale.forLanguageTag(language)
        tts.setSpeechRate(0.8f)
        tts.speak(text, TextToSpeech.QUEUE_FLUSH, null, "happylife-read-aloud")
    }

    /** Silence before the microphone listens: the recogniser would hear the reading. */
    fun stop() {
        waiting = null
        tts.stop()
    }

    /** Frees the engine (the activity's onDestroy). */
    fun shutdown() = tts.shutdown()
}
