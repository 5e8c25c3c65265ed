package cn.happylife.companion

import android.Manifest
import android.annotation.SuppressLint
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Build
import android.os.Bundle
import android.util.Log
import android.view.WindowManager
import android.webkit.WebResourceRequest
import android.webkit.WebView
import android.webkit.WebViewClient
import android.widget.TextView
import androidx.activity.OnBackPressedCallback
import androidx.activity.result.contract.ActivityResultContracts
import androidx.appcompat.app.AlertDialog
import androidx.appcompat.app.AppCompatActivity
import androidx.core.content.ContextCompat
import androidx.lifecycle.lifecycleScope
import java.io.File
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import kotlinx.coroutines.launch
import uniffi.happylife_mobile.HappyLife
import uniffi.happylife_mobile.MobileException
import uniffi.happylife_mobile.messageFor

/**
 * The shell hosts the elder UI: the library serves the same Dioxus screens
 * the desktop and the browser show, on 127.0.0.1 with a secret made at each
 * start (`startUi`), and this activity's WebView opens that address and no
 * other. The shell adds what only the phone can do, registered once the
 * library is open: the biometric prompt and its hardware key, the voice
 * (TextToSpeech), the dialer, call and screen state, the shake. Time away
 * is told to the library (the lock screen after five minutes).
 *
 * Every sentence shown comes from the library, except the few in
 * res/values* (the permission reasons, said before the system asks).
 */
class MainActivity : AppCompatActivity() {
    private var app: HappyLife? = null
    private lateinit var web: WebView
    private val callState by lazy { AndroidCallState(this) }
    private lateinit var speaker: AndroidSpeaker
    // A shake goes to the library, which opens the voice assistant in the UI.
    private val shake by lazy { AndroidShakeDetector(this) {} }
    private val requestPermissions =
        registerForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) { askForCallScreening() }
    private val requestRole =
        registerForActivityResult(ActivityResultContracts.StartActivityForResult()) {}

    /**
     * 来电预警 needs the call-screening role (Android 10+): the system asks
     * her once whether HappyLife may see incoming numbers to warn her.
     */
    private fun askForCallScreening() {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.Q) return
        val roles = getSystemService(android.app.role.RoleManager::class.java) ?: return
        val role = android.app.role.RoleManager.ROLE_CALL_SCREENING
        if (roles.isRoleAvailable(role) && !roles.isRoleHeld(role)) {
            requestRole.launch(roles.createRequestRoleIntent(role))
        }
    }

    /** The speaker encoder's weights, copied once from the APK's assets to a
     *  file of the app's own (the library reads a path and checks the
     *  SHA-256 itself); copied through a temporary file, so a stopped copy
     *  is never taken for the model. */
    private suspend fun bundledVoiceModel(): File = withContext(Dispatchers.IO) {
        val model = File(filesDir, "models/pretrained.pt")
        val size = assets.openFd("pretrained.pt").use { it.length }
        if (!model.exists() || model.length() != size) {
            model.parentFile?.mkdirs()
            val part = File(model.path + ".part")
            assets.open("pretrained.pt").use { input -> part.outputStream().use { input.copyTo(it) } }
            part.renameTo(model)
        }
        model
    }

    @SuppressLint("SetJavaScriptEnabled") // the UI is a liveview page: its glue is script
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        // Every screen shows her money or her login: no screenshots, no
        // screen recording, and a blank card in the recent-apps list
        // (MASVS-PLATFORM-3).
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        speaker = AndroidSpeaker(this)
        web = WebView(this).apply {
            settings.javaScriptEnabled = true
            // Nothing of the page is kept outside the app, and it reads no files.
            settings.allowFileAccess = false
            settings.allowContentAccess = false
            settings.setSupportMultipleWindows(false)
            settings.textZoom = 100 // text size is the app's own setting
        }
        setContentView(web)
        if (savedInstanceState == null) askForPermissions()
        // 返回 is the UI's own button; the system back leaves the app only
        // from its first page.
        onBackPressedDispatcher.addCallback(this, object : OnBackPressedCallback(true) {
            override fun handleOnBackPressed() {
                if (web.canGoBack()) web.goBack() else finish()
            }
        })

        lifecycleScope.launch {
            val opened = try {
                (application as HappyLifeApplication).happyLife.await()
            } catch (e: Exception) {
                if (e is CancellationException) throw e
                Log.e(TAG, "open failed", e)
                // No HappyLife to ask: the library's sentence in the language
                // Android chose for this shell's own words.
                val id = (e as? MobileException)?.sentenceId() ?: "error-store"
                setContentView(TextView(this@MainActivity).apply {
                    textSize = 24f
                    text = messageFor(id, getString(R.string.language_tag))
                })
                return@launch
            }
            opened.setCallState(callState)
            opened.setSpeaker(speaker)
            opened.setDialer(AndroidDialer(this@MainActivity))
            opened.setSharer(AndroidSharer(this@MainActivity))
            opened.setBiometricPrompter(AndroidBiometricPrompter(this@MainActivity))
            // The UI's 声纹 screens record with the microphone and recogniser.
            opened.setVoiceCapture(AndroidVoiceCapture(this@MainActivity))
            // …and compare voices with the bundled speaker encoder. Without
            // it the UI offers no voiceprint and says why.
            try {
                opened.setVoiceModel(bundledVoiceModel().path)
            } catch (e: Exception) {
                if (e is CancellationException) throw e
                Log.w(TAG, "voice model not usable: ${(e as? MobileException)?.sentenceId()}")
            }
            app = opened
            val url = try {
                opened.startUi(getString(R.string.bank_url))
            } catch (e: MobileException) {
                setContentView(TextView(this@MainActivity).apply {
                    textSize = 24f
                    text = opened.message(e.sentenceId())
                })
                return@launch
            }
            web.webViewClient = OnlyTheApp(Uri.parse(url))
            web.loadUrl(url)
            if (lifecycle.currentState.isAtLeast(androidx.lifecycle.Lifecycle.State.STARTED)) foreground(opened)
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
        speaker.stop()
        callState.unwatch(this)
        super.onStop()
    }

    override fun onDestroy() {
        // The UI stays served for the process, as the library stays open
        // (HappyLifeApplication): an activity recreated on rotation gets
        // the same address from startUi.
        web.destroy()
        speaker.shutdown()
        super.onDestroy()
    }

    private fun foreground(app: HappyLife) {
        // Back after time away: the library ends the session and the UI
        // shows its lock screen by itself.
        app.cameToForeground()
        app.setShakeToTalk(shake, true)
    }

    /**
     * The WebView shows the app's own page and nothing else: a link out
     * (a tel: link where the dialer is not registered, anything else) is
     * handed to the system, never opened inside.
     */
    private inner class OnlyTheApp(private val home: Uri) : WebViewClient() {
        override fun shouldOverrideUrlLoading(view: WebView, request: WebResourceRequest): Boolean {
            val u = request.url
            if (u.scheme == home.scheme && u.host == home.host && u.port == home.port) return false
            if (u.scheme == "tel") AndroidDialer(this@MainActivity).dial(u.schemeSpecificPart)
            return true
        }
    }

    private fun askForPermissions() {
        val missing = NEEDED.keys.filter {
            ContextCompat.checkSelfPermission(this, it) != PackageManager.PERMISSION_GRANTED
        }
        if (missing.isEmpty()) {
            askForCallScreening()
            return
        }
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
