package cn.happylife.companion

import android.app.Application
import io.crates.keyring.Keyring
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.MainScope
import kotlinx.coroutines.async
import uniffi.happylife_mobile.HappyLife
import uniffi.happylife_mobile.setBankCertificatePins

/**
 * Opens the library once per process: it holds the encrypted database open,
 * and an activity recreated on rotation must not open it a second time.
 */
class HappyLifeApplication : Application() {
    lateinit var happyLife: Deferred<HappyLife>
        private set

    override fun onCreate() {
        super.onCreate()
        // Before open: the library's keystore finds the app through this.
        Keyring.initializeNdkContext(this)
        // Before any connection: https:// certificates are checked by Android's
        // trust manager, which the library reaches through this.
        TlsVerifier.initialize(this)
        // The bank's key pins (res/values/pins.xml; empty for the sandbox):
        // before any connection is made. Plain HTTP is refused anyway, except
        // to this machine.
        setBankCertificatePins(resources.getStringArray(R.array.bank_certificate_pins).toList(), emptyList())
        // The notifier right after opening, here rather than in an activity:
        // a sync may bring an alert while no activity is alive.
        val notifier = AndroidNotifier(this)
        happyLife = MainScope().async {
            HappyLife.open(filesDir.absolutePath).also { it.setNotifier(notifier) }
        }
    }
}
