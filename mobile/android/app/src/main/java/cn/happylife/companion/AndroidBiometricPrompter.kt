package cn.happylife.companion

import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.util.Log
import androidx.biometric.BiometricManager
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import java.security.GeneralSecurityException
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.PrivateKey
import java.security.Signature
import java.security.spec.ECGenParameterSpec
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import uniffi.happylife_mobile.BiometricException
import uniffi.happylife_mobile.BiometricPrompter

/**
 * Biometric login with a key the bank checks, not a "yes" the app could fake:
 * an Android Keystore P-256 key that signs only inside a strong-biometric
 * prompt for that very operation (CryptoObject, no time window). Enrolling a
 * new fingerprint invalidates the key; that is reported as EnrolmentChanged
 * and the core asks for the PIN once, then makes a new key.
 *
 * Rust calls both methods on a blocking worker thread (the core's
 * spawn_blocking), never the main thread, so sign() may show the prompt on
 * the main thread and wait for it here.
 */
class AndroidBiometricPrompter(private val activity: FragmentActivity) : BiometricPrompter {

    override fun createKey(): ByteArray {
        if (BiometricManager.from(activity).canAuthenticate(BIOMETRIC_STRONG) !=
            BiometricManager.BIOMETRIC_SUCCESS
        ) {
            throw BiometricException.Unavailable()
        }
        val spec = KeyGenParameterSpec.Builder(ALIAS, KeyProperties.PURPOSE_SIGN)
            .setAlgorithmParameterSpec(ECGenParameterSpec("secp256r1"))
            .setDigests(KeyProperties.DIGEST_SHA256)
            .setUserAuthenticationRequired(true)
            .setInvalidatedByBiometricEnrollment(true)
            .apply {
                if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
                    setUserAuthenticationParameters(0, KeyProperties.AUTH_BIOMETRIC_STRONG)
                } else {
                    // Before API 30, -1 is "a biometric for every use" (and
                    // biometric only): the same as (0, AUTH_BIOMETRIC_STRONG).
                    @Suppress("DEPRECATION")
                    setUserAuthenticationValidityDurationSeconds(-1)
                }
            }
            .build()
        return try {
            keyStore().deleteEntry(ALIAS)
            KeyPairGenerator.getInstance(KeyProperties.KEY_ALGORITHM_EC, KEYSTORE)
                .apply { initialize(spec) }
                .generateKeyPair()
                .public
                .encoded // X.509 SubjectPublicKeyInfo, as the core expects from Android
        } catch (e: Exception) {
            // No secure lock screen, no enrolled biometric, or a Keystore
            // failure (ProviderException): either way not usable here.
            Log.w(TAG, "biometric key not made", e)
            throw BiometricException.Unavailable()
        }
    }

    override fun sign(reason: String, message: ByteArray): ByteArray {
        val signature = try {
            // A missing key while the core has biometric login on: removed
            // with the lock screen or by the system after an enrolment change.
            val key = keyStore().getKey(ALIAS, null) as? PrivateKey
                ?: throw BiometricException.EnrolmentChanged()
            Signature.getInstance("SHA256withECDSA").apply { initSign(key) }
        } catch (e: KeyPermanentlyInvalidatedException) {
            throw BiometricException.EnrolmentChanged()
        } catch (e: GeneralSecurityException) {
            Log.w(TAG, "biometric key not usable", e)
            throw BiometricException.Failed()
        }

        val unlocked = CompletableFuture<Signature>()
        val callback = object : BiometricPrompt.AuthenticationCallback() {
            override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) {
                val s = result.cryptoObject?.signature
                if (s != null) unlocked.complete(s) else unlocked.completeExceptionally(BiometricException.Failed())
            }

            override fun onAuthenticationError(errorCode: Int, errString: CharSequence) {
                unlocked.completeExceptionally(
                    when (errorCode) {
                        BiometricPrompt.ERROR_USER_CANCELED,
                        BiometricPrompt.ERROR_NEGATIVE_BUTTON,
                        BiometricPrompt.ERROR_CANCELED -> BiometricException.Cancelled()
                        BiometricPrompt.ERROR_NO_BIOMETRICS,
                        BiometricPrompt.ERROR_HW_NOT_PRESENT,
                        BiometricPrompt.ERROR_HW_UNAVAILABLE,
                        BiometricPrompt.ERROR_LOCKOUT,
                        BiometricPrompt.ERROR_LOCKOUT_PERMANENT -> BiometricException.Unavailable()
                        else -> BiometricException.Failed()
                    },
                )
            }
            // onAuthenticationFailed (a finger not recognised): the prompt
            // stays open for another try, so nothing to report yet.
        }
        val info = BiometricPrompt.PromptInfo.Builder()
            .setTitle(reason)
            .setNegativeButtonText(activity.getString(android.R.string.cancel))
            .setAllowedAuthenticators(BIOMETRIC_STRONG)
            .build()
        activity.runOnUiThread {
            try {
                BiometricPrompt(activity, ContextCompat.getMainExecutor(activity), callback)
                    .authenticate(info, BiometricPrompt.CryptoObject(signature))
            } catch (e: IllegalStateException) {
                // The activity is going away (its state already saved).
                unlocked.completeExceptionally(BiometricException.Cancelled())
            }
        }
        val ready = try {
            unlocked.get()
        } catch (e: ExecutionException) {
            throw e.cause as? BiometricException ?: BiometricException.Failed()
        }
        return try {
            ready.update(message)
            ready.sign() // DER, as the bank verifies it
        } catch (e: GeneralSecurityException) {
            Log.w(TAG, "biometric signature failed", e)
            throw BiometricException.Failed()
        }
    }

    private fun keyStore(): KeyStore = KeyStore.getInstance(KEYSTORE).apply { load(null) }

    private companion object {
        const val TAG = "HappyLife"
        const val KEYSTORE = "AndroidKeyStore"
        const val ALIAS = "happylife-biometric"
    }
}
