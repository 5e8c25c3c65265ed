package cn.happylife.companion

import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import uniffi.happylife_mobile.Notifier
import uniffi.happylife_mobile.Notification as FamilyAlert

/**
 * Family alerts as phone notifications, in two channels: urgent ones (a scam
 * reported, a transfer stopped or waiting for her family) at IMPORTANCE_HIGH,
 * so they pop up over other apps and sound; the rest at IMPORTANCE_DEFAULT.
 * Two channels, not one per kind: an elder or her daughter can manage two
 * switches in the phone's settings, not a dozen.
 *
 * Holds the application context only: it outlives every activity. The core
 * calls notify() on whatever thread its sync runs on; NotificationManager
 * may be called from any thread.
 */
class AndroidNotifier(context: Context) : Notifier {
    private val app = context.applicationContext
    private val manager = app.getSystemService(NotificationManager::class.java)

    init {
        // Made again at each start: it is a no-op except that the names
        // follow a change of the phone's language.
        manager.createNotificationChannels(listOf(
            NotificationChannel(URGENT, app.getString(R.string.channel_urgent), NotificationManager.IMPORTANCE_HIGH),
            NotificationChannel(OTHER, app.getString(R.string.channel_other), NotificationManager.IMPORTANCE_DEFAULT),
        ))
    }

    // The name is the generated interface's: it overloads Object.notify()
    // (no arguments, a monitor call), it does not override it. On Android
    // 13+ without POST_NOTIFICATIONS (she said no) the system drops it.
    override fun notify(notification: FamilyAlert) {
        // As tapping the app's icon: the running app comes to the front, no second copy.
        val open = app.packageManager.getLaunchIntentForPackage(app.packageName)
            ?.let { PendingIntent.getActivity(app, 0, it, PendingIntent.FLAG_IMMUTABLE) }
        val shown = Notification.Builder(app, if (notification.urgent) URGENT else OTHER)
            // The shell has no icon of its own yet; a system one is allowed.
            .setSmallIcon(android.R.drawable.stat_sys_warning)
            .setContentText(notification.text)
            // The whole sentence, not one cut-off line: it says what to do.
            .setStyle(Notification.BigTextStyle().bigText(notification.text))
            .setContentIntent(open)
            .setAutoCancel(true)
            .build()
        // The bank's alert id: the same alert told twice replaces itself
        // instead of stacking up (Long.hashCode is fixed by the Java spec).
        manager.notify(notification.id.hashCode(), shown)
    }

    private companion object {
        const val URGENT = "family-urgent"
        const val OTHER = "family-other"
    }
}
