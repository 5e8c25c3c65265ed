package cn.happylife.companion

import android.os.Build
import android.telecom.Call
import android.telecom.CallScreeningService
import android.util.Log
import androidx.annotation.RequiresApi
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch

/**
 * 来电预警: holding the call-screening role (Android 10+, asked for by
 * MainActivity once), the app is handed each incoming call's number before
 * it rings. The call is let through unchanged, always; the number goes to
 * the library, which checks it against the scam list on the phone, offline,
 * and a listed one brings the UI's full-screen warning. The number is not
 * sent anywhere and not logged.
 */
@RequiresApi(Build.VERSION_CODES.Q)
class ScamCallScreening : CallScreeningService() {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.IO)

    override fun onScreenCall(details: Call.Details) {
        // Never blocked, silenced or rejected here: she decides.
        respondToCall(details, CallResponse.Builder().build())
        if (details.callDirection != Call.Details.DIRECTION_INCOMING) return
        val number = details.handle?.schemeSpecificPart
        if (number.isNullOrBlank()) return
        val opening = (application as HappyLifeApplication).happyLife
        scope.launch {
            try {
                opening.await().incomingCall(number)
            } catch (e: Exception) {
                Log.w("HappyLife", "an incoming call could not be checked")
            }
        }
    }
}
