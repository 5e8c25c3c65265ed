package cn.happylife.companion

import android.Manifest
import android.app.Activity
import android.content.Context
import android.content.pm.PackageManager
import android.hardware.Sensor
import android.hardware.SensorEvent
import android.hardware.SensorEventListener
import android.hardware.SensorManager
import android.hardware.display.DisplayManager
import android.media.AudioManager
import android.os.Build
import android.telephony.TelephonyManager
import android.view.WindowManager
import androidx.core.content.ContextCompat
import java.util.function.Consumer
import kotlin.math.sqrt
import uniffi.happylife_mobile.CallState
import uniffi.happylife_mobile.ShakeDetector
import uniffi.happylife_mobile.ShakeListener

/**
 * What the core asks before a transfer or a security change. It asks on
 * whatever thread it is on, so only cheap, thread-safe reads here.
 *
 * In a call: the audio mode, which VoIP apps set too (a WeChat call is
 * MODE_IN_COMMUNICATION), and, with READ_PHONE_STATE, a ringing or held
 * cellular call.
 *
 * Screen shared: a presentation display (casting, Miracast mirroring) or, on
 * Android 15+, the system's report that this app is in a screen recording,
 * which covers screen-sharing apps too. Before Android 15 such an app's
 * MediaProjection is invisible to other apps, so it is not detected there.
 */
class AndroidCallState(context: Context) : CallState {
    private val app = context.applicationContext
    private val audio = app.getSystemService(Context.AUDIO_SERVICE) as AudioManager
    private val telephony = app.getSystemService(Context.TELEPHONY_SERVICE) as TelephonyManager
    private val displays = app.getSystemService(Context.DISPLAY_SERVICE) as DisplayManager

    @Volatile private var recorded = false
    private val recording = Consumer<Int> { recorded = it == WindowManager.SCREEN_RECORDING_STATE_VISIBLE }

    override fun inCall(): Boolean = audio.mode in CALL_MODES || cellularCall()

    /**
     * 来电预警's 挂断: TelecomManager.endCall, which needs ANSWER_PHONE_CALLS
     * (API 28+); without it, false (she uses the phone's own red button).
     */
    @Suppress("DEPRECATION")
    override fun hangUp(): Boolean {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.P) return false
        if (ContextCompat.checkSelfPermission(app, Manifest.permission.ANSWER_PHONE_CALLS) !=
            PackageManager.PERMISSION_GRANTED
        ) return false
        val telecom = app.getSystemService(Context.TELECOM_SERVICE) as android.telecom.TelecomManager
        return try {
            telecom.endCall()
        } catch (e: SecurityException) {
            false
        }
    }

    override fun screenShared(): Boolean =
        recorded || displays.getDisplays(DisplayManager.DISPLAY_CATEGORY_PRESENTATION).isNotEmpty()

    /** From onStart: the system reports recording only to a registered, visible activity. */
    fun watch(activity: Activity) {
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.VANILLA_ICE_CREAM) {
            recorded = activity.windowManager.addScreenRecordingCallback(activity.mainExecutor, recording) ==
                WindowManager.SCREEN_RECORDING_STATE_VISIBLE
        }
    }

    /** From onStop. */
    fun unwatch(activity: Activity) {
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.VANILLA_ICE_CREAM) {
            activity.windowManager.removeScreenRecordingCallback(recording)
        }
    }

    private fun cellularCall(): Boolean {
        if (ContextCompat.checkSelfPermission(app, Manifest.permission.READ_PHONE_STATE) !=
            PackageManager.PERMISSION_GRANTED
        ) {
            return false
        }
        return try {
            @Suppress("DEPRECATION") // the per-subscription call state needs API 31
            telephony.callState != TelephonyManager.CALL_STATE_IDLE
        } catch (e: SecurityException) {
            false
        }
    }

    private companion object {
        val CALL_MODES = setOf(
            AudioManager.MODE_IN_CALL,
            AudioManager.MODE_IN_COMMUNICATION,
            AudioManager.MODE_CALL_SCREENING,
            AudioManager.MODE_CALL_REDIRECT,
            AudioManager.MODE_COMMUNICATION_REDIRECT,
        )
    }
}

/**
 * Shake-to-talk. Every reading over the threshold is reported: the core
 * debounces, so a long shake opens the voice assistant once. 2.7 g: walking,
 * or putting the phone down on a table, stays well under it.
 *
 * Sensor events come on the main thread (no Handler given), so [openVoice]
 * runs there.
 */
class AndroidShakeDetector(context: Context, private val openVoice: () -> Unit) :
    ShakeDetector, SensorEventListener {
    private val sensors = context.applicationContext.getSystemService(Context.SENSOR_SERVICE) as SensorManager

    @Volatile private var listener: ShakeListener? = null

    override fun start(listener: ShakeListener) {
        sensors.unregisterListener(this)
        this.listener = listener
        val accelerometer = sensors.getDefaultSensor(Sensor.TYPE_ACCELEROMETER) ?: return
        sensors.registerListener(this, accelerometer, SensorManager.SENSOR_DELAY_UI)
    }

    override fun stop() {
        sensors.unregisterListener(this)
        // Not closed by hand: an event already queued may still read it; the
        // bindings' Cleaner frees the Rust side once it is unreachable.
        listener = null
    }

    override fun onSensorChanged(event: SensorEvent) {
        val (x, y, z) = event.values
        val g = sqrt(x * x + y * y + z * z) / SensorManager.GRAVITY_EARTH
        if (g > SHAKE_G && listener?.onShake() == true) openVoice()
    }

    override fun onAccuracyChanged(sensor: Sensor, accuracy: Int) = Unit

    private companion object {
        const val SHAKE_G = 2.7f
    }
}
