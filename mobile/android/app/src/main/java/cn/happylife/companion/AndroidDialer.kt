package cn.happylife.companion

import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.net.Uri
import android.util.Log
import uniffi.happylife_mobile.Dialer

/**
 * The UI's call buttons (客服, 96110, 110): the phone app opens with the
 * number filled in (ACTION_DIAL, no CALL_PHONE permission); she presses call
 * herself. The library checked the number before it gets here.
 */
class AndroidDialer(context: Context) : Dialer {
    private val context = context.applicationContext

    override fun dial(number: String) {
        val intent = Intent(Intent.ACTION_DIAL, Uri.fromParts("tel", number, null))
            .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        try {
            context.startActivity(intent)
        } catch (e: ActivityNotFoundException) {
            // A tablet without a phone app: the number stays on the screen.
            Log.w("HappyLife", "no phone app to dial with")
        }
    }
}
