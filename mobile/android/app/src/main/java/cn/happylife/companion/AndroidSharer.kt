package cn.happylife.companion

import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.util.Log
import androidx.core.content.FileProvider
import java.io.File
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

    /**
     * A statement's PDF: written into the app's cache (`shared/`, offered
     * through the FileProvider declared in the manifest), then the chooser
     * with read permission for the app she picks (a print service prints it).
     */
    override fun shareFile(title: String, fileName: String, mime: String, bytes: ByteArray) {
        val dir = File(context.cacheDir, "shared").apply { mkdirs() }
        dir.listFiles()?.forEach { it.delete() }
        val file = File(dir, fileName)
        file.writeBytes(bytes)
        val uri = FileProvider.getUriForFile(context, "${context.packageName}.files", file)
        val send = Intent(Intent.ACTION_SEND)
            .setType(mime)
            .putExtra(Intent.EXTRA_SUBJECT, title)
            .putExtra(Intent.EXTRA_STREAM, uri)
            .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
        val chooser = Intent.createChooser(send, title)
            .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK or Intent.FLAG_GRANT_READ_URI_PERMISSION)
        try {
            context.startActivity(chooser)
        } catch (e: ActivityNotFoundException) {
            Log.w("HappyLife", "nothing to share with")
        }
    }
}
