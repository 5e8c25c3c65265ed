package cn.happylife.companion

import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.util.Log
import uniffi.happylife_mobile.Sharer

/**
 * The UI's 分享或打印回单: the system's share chooser (ACTION_SEND, plain
 * text: her family's chat, messages, mail; printing through a print
 * service app that takes text). The text is the library's receipt: the
 * payee's name, the amount, when; no account number.
 */
class AndroidSharer(context: Context) : Sharer {
    private val context = context.applicationContext

    override fun share(title: String, text: String) {
        val send = Intent(Intent.ACTION_SEND)
            .setType("text/plain")
            .putExtra(Intent.EXTRA_SUBJECT, title)
            .putExtra(Intent.EXTRA_TEXT, text)
        val chooser = Intent.createChooser(send, title).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
        try {
            context.startActivity(chooser)
        } catch (e: ActivityNotFoundException) {
            Log.w("HappyLife", "nothing to share with")
        }
    }
}
