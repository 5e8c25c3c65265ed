package cn.happylife.companion

import android.Manifest
import android.content.pm.PackageManager
import android.os.Build
import android.os.Bundle
import android.util.Log
import android.view.WindowManager
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import androidx.activity.result.contract.ActivityResultContracts
import androidx.appcompat.app.AlertDialog
import androidx.appcompat.app.AppCompatActivity
import androidx.core.content.ContextCompat
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.lifecycleScope
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.launch
import uniffi.happylife_mobile.HappyLife
import uniffi.happylife_mobile.MobileException
import uniffi.happylife_mobile.messageFor

/**
 * The smallest shell: the library opened once per process (HappyLifeApplication),
 * biometric and voice login, call and screen state, shake-to-talk (to a
 * minimal assistant, VoiceAssistant), family alerts as notifications
 * (AndroidNotifier, set there), and the PIN asked again after time away.
 * The elder UI itself is the Dioxus layout; this activity only proves the
 * native half. Every sentence shown comes from the library (`message`),
 * except the few in res/values*.
 */
class MainActivity : AppCompatActivity() {
    private var app: HappyLife? = null
    private lateinit var status: TextView
    private val callState by lazy { AndroidCallState(this) }
    private lateinit var speaker: AndroidSpeaker
    private lateinit var assistant: VoiceAssistant
    private val shake by lazy {
        AndroidShakeDetector(this) {
            // A shake queued as the activity left the front is not hers to answer.
            val app = app
            if (app != null && lifecycle.currentState.isAtLeast(Lifecycle.State.RESUMED)) assistant.listen(app)
        }
    }
    private val requestPermissions =
        registerForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) {}

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        // Every screen shows her money or her login: no screenshots, no
        // screen recording, and a blank card in the recent-apps list
        // (MASVS-PLATFORM-3).
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        status = TextView(this).apply { textSize = 24f }
        speaker = AndroidSpeaker(this)
        assistant = VoiceAssistant(this, speaker)
        val biometric = Button(this).apply { textSize = 24f; setText(R.string.login_biometric) }
        val voice = Button(this).apply { textSize = 24f; setText(R.string.login_voice) }
        setContentView(LinearLayout(this).apply {
            orientation = LinearLayout.VERTICAL
            addView(status)
            addView(biometric)
            addView(voice)
            addView(assistant.view)
        })
        biometric.setOnClickListener { login { it.loginWithBiometric(AndroidBiometricPrompter(this)) } }
        voice.setOnClickListener { login { it.loginWithVoiceprint(AndroidVoiceCapture(this)) } }
        if (savedInstanceState == null) askForPermissions()

        lifecycleScope.launch {
            val opened = try {
                (application as HappyLifeApplication).happyLife.await()
            } catch (e: Exception) {
                if (e is CancellationException) throw e
                Log.e(TAG, "open failed", e)
                // No HappyLife to ask: the library's sentence in the language
                // Android chose for this shell's own words. Not a MobileException
                // (uniffi's InternalException, a panic): the store's "close the
                // app and open it again".
                val id = (e as? MobileException)?.sentenceId() ?: "error-store"
                status.text = messageFor(id, getString(R.string.language_tag))
                return@launch
            }
            opened.setCallState(callState)
            app = opened
            // The process may have outlived an earlier activity that went to
            // the background: the time away counts for this one too.
            if (lifecycle.currentState.isAtLeast(Lifecycle.State.STARTED)) foreground(opened)
        }
    }

    override fun onStart() {
        super.onStart()
        callState.watch(this)
        app?.let(::foreground)
    }

    override fun onStop() {
        app?.let {
            it.setShakeToTalk(shake, false)
            it.wentToBackground()
        }
        assistant.stop()
        callState.unwatch(this)
        super.onStop()
    }

    override fun onDestroy() {
        speaker.shutdown()
        super.onDestroy()
    }

    private fun foreground(app: HappyLife) {
        // The PIN screen is not in this shell: its title stands in for it.
        if (app.cameToForeground()) status.text = app.message("pin-lock-title")
        app.setShakeToTalk(shake, true)
    }

    private fun login(how: suspend (HappyLife) -> Unit) {
        val app = app ?: return
        lifecycleScope.launch {
            status.text = try {
                how(app)
                app.accounts().joinToString("\n") {
                    "${app.message(it.kindMessageId)} ${it.last4}  ${it.balanceText}"
                }
            } catch (e: MobileException) {
                app.message(e.sentenceId())
            }
        }
    }

    private fun askForPermissions() {
        val missing = NEEDED.keys.filter {
            ContextCompat.checkSelfPermission(this, it) != PackageManager.PERMISSION_GRANTED
        }
        if (missing.isEmpty()) return
        // Said before the system asks: "phone" and "microphone" from a bank
        // app alarm elders who were told to beware of apps that listen.
        // Only the reasons for what is still missing.
        AlertDialog.Builder(this)
            .setMessage(missing.map { NEEDED.getValue(it) }.distinct().joinToString("\n\n") { getString(it) })
            .setPositiveButton(android.R.string.ok) { _, _ -> requestPermissions.launch(missing.toTypedArray()) }
            .setCancelable(false)
            .show()
    }

    private companion object {
        const val TAG = "HappyLife"
        /** Each run-time permission and the reason said before it is asked. */
        val NEEDED = buildMap<String, Int> {
            put(Manifest.permission.RECORD_AUDIO, R.string.permission_rationale)
            put(Manifest.permission.READ_PHONE_STATE, R.string.permission_rationale)
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
                put(Manifest.permission.POST_NOTIFICATIONS, R.string.notification_rationale)
            }
        }
    }
}

/** Every variant carries its Fluent id; the sealed base does not. */
internal fun MobileException.sentenceId(): String = when (this) {
    is MobileException.WrongPin -> messageId
    is MobileException.WrongCode -> messageId
    is MobileException.PinLocked -> messageId
    is MobileException.BiometricCancelled -> messageId
    is MobileException.BiometricRefused -> messageId
    is MobileException.VoiceRefused -> messageId
    is MobileException.VoiceCancelled -> messageId
    is MobileException.Failed -> messageId
}
