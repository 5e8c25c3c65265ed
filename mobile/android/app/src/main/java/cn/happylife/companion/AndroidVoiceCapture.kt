package cn.happylife.companion

import android.Manifest
import android.content.Intent
import android.content.pm.PackageManager
import android.media.AudioFormat
import android.media.AudioRecord
import android.media.MediaRecorder
import android.os.Build
import android.os.Bundle
import android.os.ParcelFileDescriptor
import android.speech.RecognitionListener
import android.speech.RecognizerIntent
import android.speech.SpeechRecognizer
import android.util.Log
import android.widget.TextView
import androidx.annotation.RequiresApi
import androidx.appcompat.app.AlertDialog
import androidx.appcompat.app.AppCompatActivity
import androidx.core.content.ContextCompat
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import kotlin.concurrent.thread
import kotlin.math.sqrt
import uniffi.happylife_mobile.VoiceCapture
import uniffi.happylife_mobile.VoiceCaptureException
import uniffi.happylife_mobile.VoicePromptInfo
import uniffi.happylife_mobile.VoiceRecording

/**
 * The microphone and speech recogniser for voiceprint enrolment, login and
 * PIN reset. The core compares the voice on the samples and the digits on the
 * recogniser's text, so both must come from the one utterance: AudioRecord
 * owns the microphone and its PCM is piped into SpeechRecognizer
 * (EXTRA_AUDIO_SOURCE). That extra exists from Android 13 (API 33). Before
 * it, a second capture of the microphone is refused (Android 9) or silenced
 * (10-12), so there, as on a phone with no recogniser, capture reports the
 * recogniser unavailable and the core falls back to the PIN. A recogniser
 * that ignores the extra opens the microphone itself and may hear nothing:
 * its text is then empty and the core refuses the digits.
 *
 * The prompt is shown, not spoken: text-to-speech would be picked up by the
 * recording, and needs a Chinese TTS voice many phones lack.
 *
 * Rust calls capture() on a blocking worker thread; the dialog and the
 * recogniser live on the main thread. Calls never overlap (the core awaits each).
 */
class AndroidVoiceCapture(private val activity: AppCompatActivity) : VoiceCapture {
    @Volatile private var cancelled = false
    private var dialog: AlertDialog? = null // main thread only
    private var recognizer: SpeechRecognizer? = null // main thread only

    override fun capture(prompt: VoicePromptInfo): VoiceRecording {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.TIRAMISU) {
            throw VoiceCaptureException.RecogniserUnavailable() // cannot be fed our audio
        }
        return record(prompt)
    }

    @RequiresApi(Build.VERSION_CODES.TIRAMISU)
    private fun record(prompt: VoicePromptInfo): VoiceRecording {
        // The recogniser first: a missing one is for good, and asking her to
        // allow the microphone would not help.
        if (!SpeechRecognizer.isRecognitionAvailable(activity)) {
            throw VoiceCaptureException.RecogniserUnavailable()
        }
        if (ContextCompat.checkSelfPermission(activity, Manifest.permission.RECORD_AUDIO) !=
            PackageManager.PERMISSION_GRANTED
        ) {
            throw VoiceCaptureException.MicrophoneUnavailable()
        }
        val recorder = try {
            AudioRecord(
                // No automatic gain or noise suppression: the voiceprint and
                // the core's loudness checks want the voice as it is.
                MediaRecorder.AudioSource.VOICE_RECOGNITION,
                RATE,
                AudioFormat.CHANNEL_IN_MONO,
                AudioFormat.ENCODING_PCM_16BIT,
                maxOf(
                    AudioRecord.getMinBufferSize(RATE, AudioFormat.CHANNEL_IN_MONO, AudioFormat.ENCODING_PCM_16BIT),
                    FRAME * 2 * 4,
                ),
            )
        } catch (e: Exception) {
            Log.w(TAG, "no AudioRecord", e)
            throw VoiceCaptureException.MicrophoneUnavailable()
        }
        if (recorder.state != AudioRecord.STATE_INITIALIZED) {
            recorder.release()
            throw VoiceCaptureException.MicrophoneUnavailable()
        }

        cancelled = false
        val (audioIn, audioOut) = ParcelFileDescriptor.createPipe()
        // A queue between the recording loop and the pipe: a recogniser that
        // stops reading must not stall the recording.
        val chunks = LinkedBlockingQueue<ByteArray>()
        thread(isDaemon = true, name = "happylife-voice-pipe") {
            try {
                ParcelFileDescriptor.AutoCloseOutputStream(audioOut).use { out ->
                    while (true) {
                        val chunk = chunks.take()
                        if (chunk.isEmpty()) break
                        out.write(chunk)
                    }
                }
            } catch (e: IOException) {
                // The recogniser closed its end: it has heard enough.
            }
        }
        val heard = CompletableFuture<String>()
        activity.runOnUiThread { begin(prompt, audioIn, heard) }

        val pcm = ShortArray(RATE * MAX_SECONDS)
        var n = 0
        try {
            recorder.startRecording()
            if (recorder.recordingState != AudioRecord.RECORDSTATE_RECORDING) {
                throw VoiceCaptureException.MicrophoneUnavailable() // busy (another app, a call)
            }
            var spoke = false
            var quiet = 0
            // A recogniser without her language fails at once: no use recording on.
            while (!cancelled && !heard.isCompletedExceptionally && n < pcm.size &&
                quiet < RATE * SILENCE_MS / 1000
            ) {
                val got = recorder.read(pcm, n, minOf(FRAME, pcm.size - n))
                if (got <= 0) throw VoiceCaptureException.MicrophoneUnavailable()
                chunks.put(littleEndian(pcm, n, got))
                if (rms(pcm, n, got) > SPEECH_RMS) {
                    spoke = true
                    quiet = 0
                } else if (spoke) {
                    quiet += got
                }
                n += got
            }
            chunks.put(ByteArray(0)) // end of audio: the recogniser gives its final text
            if (cancelled) throw VoiceCaptureException.Cancelled()
            val text = try {
                heard.get(RESULT_WAIT_S, TimeUnit.SECONDS)
            } catch (e: TimeoutException) {
                ""
            } catch (e: ExecutionException) {
                throw e.cause as? VoiceCaptureException ?: VoiceCaptureException.RecogniserUnavailable()
            }
            return VoiceRecording(littleEndian(pcm, 0, n), RATE.toUInt(), text)
        } finally {
            chunks.put(ByteArray(0))
            runCatching { recorder.stop() }
            recorder.release()
            activity.runOnUiThread {
                end()
                audioIn.close()
            }
        }
    }

    @RequiresApi(Build.VERSION_CODES.TIRAMISU)
    private fun begin(prompt: VoicePromptInfo, audio: ParcelFileDescriptor, heard: CompletableFuture<String>) {
        if (activity.isFinishing || activity.isDestroyed) {
            cancelled = true // no window to show the digits in
            return
        }
        dialog = AlertDialog.Builder(activity)
            .setView(TextView(activity).apply {
                text = prompt.text
                textSize = 30f
                setPadding(48, 48, 48, 48)
            })
            .setNegativeButton(android.R.string.cancel) { _, _ -> cancelled = true }
            .setCancelable(false)
            .show()
        recognizer = SpeechRecognizer.createSpeechRecognizer(activity).also {
            it.setRecognitionListener(Heard(heard))
            it.startListening(listenFrom(audio, prompt.language))
        }
    }

    private fun end() {
        recognizer?.destroy()
        recognizer = null
        dialog?.dismiss()
        dialog = null
    }

    @RequiresApi(Build.VERSION_CODES.TIRAMISU)
    private fun listenFrom(audio: ParcelFileDescriptor, language: String) =
        Intent(RecognizerIntent.ACTION_RECOGNIZE_SPEECH)
            .putExtra(RecognizerIntent.EXTRA_LANGUAGE_MODEL, RecognizerIntent.LANGUAGE_MODEL_FREE_FORM)
            // The app's language: "zh-CN", "zh-TW" or "en", BCP 47 tags as the extra takes them.
            .putExtra(RecognizerIntent.EXTRA_LANGUAGE, language)
            .putExtra(RecognizerIntent.EXTRA_PREFER_OFFLINE, true)
            .putExtra(RecognizerIntent.EXTRA_AUDIO_SOURCE, audio)
            .putExtra(RecognizerIntent.EXTRA_AUDIO_SOURCE_CHANNEL_COUNT, 1)
            .putExtra(RecognizerIntent.EXTRA_AUDIO_SOURCE_ENCODING, AudioFormat.ENCODING_PCM_16BIT)
            .putExtra(RecognizerIntent.EXTRA_AUDIO_SOURCE_SAMPLING_RATE, RATE)
            // Segmented: the session lasts until the pipe closes, so an
            // elder's pause between digits does not end it early.
            .putExtra(RecognizerIntent.EXTRA_SEGMENTED_SESSION, RecognizerIntent.EXTRA_AUDIO_SOURCE)

    /** Collects the segments (or the one result of a recogniser that does not segment). */
    private class Heard(private val done: CompletableFuture<String>) : FinalResultListener() {
        private val text = StringBuilder()

        private fun best(results: Bundle?) =
            results?.getStringArrayList(SpeechRecognizer.RESULTS_RECOGNITION)?.firstOrNull().orEmpty()

        override fun onSegmentResults(segmentResults: Bundle) {
            text.append(best(segmentResults))
        }

        override fun onEndOfSegmentedSession() {
            done.complete(text.toString())
        }

        override fun onResults(results: Bundle?) {
            done.complete(text.append(best(results)).toString())
        }

        override fun onError(error: Int) {
            Log.i(TAG, "recogniser error $error")
            when (error) {
                // API 31+: this recogniser has no model for her language.
                SpeechRecognizer.ERROR_LANGUAGE_NOT_SUPPORTED,
                SpeechRecognizer.ERROR_LANGUAGE_UNAVAILABLE ->
                    done.completeExceptionally(VoiceCaptureException.RecogniserUnavailable())
                else -> done.complete(text.toString())
            }
        }
    }

    private companion object {
        const val TAG = "HappyLife"
        const val RATE = 16_000
        const val FRAME = RATE / 10 // 100 ms
        const val MAX_SECONDS = 12
        const val SILENCE_MS = 1_500

        // About -36 dBFS: above a quiet room, below a voice at arm's length.
        const val SPEECH_RMS = 500.0
        const val RESULT_WAIT_S = 5L

        /** The library takes little-endian bytes; a ShortArray has no byte order of its own. */
        fun littleEndian(pcm: ShortArray, from: Int, count: Int): ByteArray =
            ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN)
                .apply { asShortBuffer().put(pcm, from, count) }
                .array()

        fun rms(pcm: ShortArray, from: Int, count: Int): Double {
            var sum = 0.0
            for (i in from until from + count) {
                val s = pcm[i].toDouble()
                sum += s * s
            }
            return sqrt(sum / count)
        }
    }
}

/**
 * A RecognitionListener for the final text and errors only: the progress
 * callbacks (levels, partial results, events) are not used by the shell.
 */
abstract class FinalResultListener : RecognitionListener {
    override fun onReadyForSpeech(params: Bundle?) = Unit
    override fun onBeginningOfSpeech() = Unit
    override fun onRmsChanged(rmsdB: Float) = Unit
    override fun onBufferReceived(buffer: ByteArray?) = Unit
    override fun onEndOfSpeech() = Unit
    override fun onPartialResults(partialResults: Bundle?) = Unit
    override fun onEvent(eventType: Int, params: Bundle?) = Unit
}
