package cn.happylife.companion

import android.content.Context

/**
 * Lets the library check the bank's certificates with Android's own trust
 * manager (rustls-platform-verifier). Call once with the application Context,
 * before `HappyLife.open` and before any connection: the verifier loads its
 * Kotlin half (the rustls-platform-verifier AAR) through this Context's class
 * loader. Without it the first `https://` connection would fail.
 *
 * The Rust side is `Java_cn_happylife_companion_TlsVerifier_initialize`
 * (mobile/src/android_tls.rs): package, object and name must stay exactly so.
 */
object TlsVerifier {
    init {
        System.loadLibrary("happylife_mobile")
    }

    @JvmStatic
    external fun initialize(context: Context)
}
