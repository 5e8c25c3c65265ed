package cn.happylife.companion

import android.Manifest
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Bundle
import android.speech.RecognizerIntent
import android.speech.SpeechRecognizer
import android.util.Log
import android.view.View
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import androidx.appcompat.app.AppCompatActivity
import androidx.core.content.ContextCompat
import androidx.lifecycle.lifecycleScope
import kotlinx.coroutines.launch
import uniffi.happylife_mobile.HappyLife
import uniffi.happylife_mobile.MobileException
import uniffi.happylife_mobile.VoiceTurn

/**
 * Shake-to-talk's assistant, only as much as proves the native half: one
 * utterance from SpeechRecognizer, the core's turn for it, its sentence
 * shown and spoken. The elder UI is the Dioxus layout, so 对 here opens no
 * screen, moves no money and changes no card: it logs what would open (a
 * transfer always ends on the normal confirmation screen there).
 *
 * The recogniser opens the microphone itself (no voiceprint here, so no
 * EXTRA_AUDIO_SOURCE): this works from Android 9. Main thread only.
 */
class VoiceAssistant(private val activity: AppCompatActivity, private val speaker: AndroidSpeaker) {
    private val said = TextView(activity).apply { textSize = 28f }
    private val note = TextView(activity).apply { textSize = 24f } // listening, or what went wrong
    private val yes = Button(activity).apply { textSize = 24f; visibility = View.GONE }
    private val no = Button(activity).apply { textSize = 24f; visibility = View.GONE }

    /** For the activity's layout; empty until the first shake. */
    val view = LinearLayout(activity).apply {
        orientation = LinearLayout.VERTICAL
        listOf(said, note, yes, no).forEach { addView(it) }
    }
    private var recognizer: SpeechRecognizer? = null
    private var busy = false // listening or waiting for the core: another shake is ignored
    private var turn: VoiceTurn? = null
    private var first = "" // what she said before the turn's question
    private var language = "zh-CN"

    init {
        yes.setOnClickListener {
            // The intent code only: payee names and amounts stay out of logcat.
            Log.i(TAG, "assistant: 对 to ${turn?.intent}: the Dioxus screen would open here")
            clear()
        }
        no.setOnClickListener { clear() }
    }

    private fun clear() {
        speaker.stop()
        first = ""
        show(null)
    }

    fun listen(app: HappyLife) {
        if (busy) return
        speaker.stop() // the recogniser must not hear the last answer read out
        language = app.language()
        if (!SpeechRecognizer.isRecognitionAvailable(activity)) return fail(app, "voice-no-recogniser")
        val mic = ContextCompat.checkSelfPermission(activity, Manifest.permission.RECORD_AUDIO)
        if (mic != PackageManager.PERMISSION_GRANTED) return fail(app, "voice-no-microphone")
        busy = true
        note.text = app.message("voice-listening")
        val r = SpeechRecognizer.createSpeechRecognizer(activity)
        recognizer = r
        r.setRecognitionListener(object : FinalResultListener() {
            override fun onResults(results: Bundle?) {
                if (recognizer !== r) return // stopped meanwhile
                stop()
                val best = results?.getStringArrayList(SpeechRecognizer.RESULTS_RECOGNITION)?.firstOrNull()
                understand(app, best.orEmpty())
            }

            override fun onError(error: Int) {
                if (recognizer !== r) return
                Log.i(TAG, "assistant: recogniser error $error")
                stop()
                fail(app, when (error) {
                    SpeechRecognizer.ERROR_NO_MATCH, SpeechRecognizer.ERROR_SPEECH_TIMEOUT -> "voice-ask-unknown"
                    SpeechRecognizer.ERROR_INSUFFICIENT_PERMISSIONS,
                    SpeechRecognizer.ERROR_AUDIO -> "voice-no-microphone"
                    else -> "voice-no-recogniser" // no model for her language, offline, busy
                })
            }
        })
        r.startListening(
            Intent(RecognizerIntent.ACTION_RECOGNIZE_SPEECH)
                .putExtra(RecognizerIntent.EXTRA_LANGUAGE_MODEL, RecognizerIntent.LANGUAGE_MODEL_FREE_FORM)
                .putExtra(RecognizerIntent.EXTRA_LANGUAGE, language) // "zh-CN", "zh-TW", "en"
                .putExtra(RecognizerIntent.EXTRA_PREFER_OFFLINE, true)
                .putExtra(RecognizerIntent.EXTRA_CALLING_PACKAGE, activity.packageName),
        )
    }

    /** Ends the listening (also the activity's onStop); a turn on its way is still shown. */
    fun stop() {
        val r = recognizer ?: return
        recognizer = null
        r.destroy()
        busy = false
        note.text = ""
    }

    private fun understand(app: HappyLife, text: String) {
        if (text.isBlank()) return fail(app, "voice-ask-unknown")
        // As the Dioxus screen: the answer to an open question is read with what she said first.
        val reply = turn?.let { it.asks && !it.needsYes } == true
        busy = true
        activity.lifecycleScope.launch {
            val next = try {
                if (reply) app.understandReply(first, text) else app.understand(text)
            } catch (e: MobileException) {
                return@launch fail(app, e.sentenceId())
            } finally {
                busy = false
            }
            first = if (reply) "${first}，$text" else text
            yes.text = app.message("voice-yes")
            no.text = app.message("voice-no")
            show(next)
            speaker.speak(next.say, language)
            if (!next.asks && !next.needsYes) {
                Log.i(TAG, "assistant: the Dioxus screen for ${next.intent} would open here")
            }
        }
    }

    /** The turn, or none after 对 or 不对: its sentence and, when it waits for her yes, the two buttons. */
    private fun show(next: VoiceTurn?) {
        turn = next
        said.text = next?.say.orEmpty()
        note.text = ""
        val choose = if (next?.needsYes == true) View.VISIBLE else View.GONE
        yes.visibility = choose
        no.visibility = choose
    }

    /** The library's sentence, under the turn (which stays, as on the Dioxus screen), and said. */
    private fun fail(app: HappyLife, messageId: String) {
        val sentence = app.message(messageId)
        note.text = sentence
        speaker.speak(sentence, language)
    }

    private companion object {
        const val TAG = "HappyLife"
    }
}
