package io.crates.keyring

import android.content.Context

/**
 * android-native-keyring-store (the library's keystore) reaches the Android
 * Keystore through ndk-context, which knows nothing of the app until this is
 * called once with its Context, before `HappyLife.open`.
 *
 * The Rust side is `Java_io_crates_keyring_Keyring_00024Companion_initializeNdkContext`:
 * package, class and companion must stay exactly so (no @JvmStatic, which
 * would move it to a static method of Keyring). The crate is linked into
 * libhappylife_mobile.so rather than a .so of its own, so that is the library
 * to load; JNA loads the same file for the bindings, and dlopen hands both the
 * one copy, so the context set here is the one the keystore sees.
 */
class Keyring {
    companion object {
        init {
            System.loadLibrary("happylife_mobile")
        }

        external fun initializeNdkContext(context: Context)
    }
}
