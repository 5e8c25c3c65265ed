package cn.happylife.companion

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.Signature
import java.security.spec.ECGenParameterSpec
import java.util.concurrent.CountDownLatch
import uniffi.happylife_mobile.BiometricException
import uniffi.happylife_mobile.BiometricPrompter

/**
 * The shell's biometric prompt. Success is not a boolean the app could fake:
 * the prompt unlocks a Keystore EC key that only signs after a strong
 * biometric (setUserAuthenticationRequired), and the prompt counts as passed
 * only if that key then signs a fresh nonce. Enrolling a new fingerprint
 * invalidates the key (setInvalidatedByBiometricEnrollment), which is
 * reported as EnrolmentChanged: the PIN is needed once, then the key is made
 * again.
 *
 * Called by Rust on a background thread; the prompt runs on the main thread
 * and this call waits for it.
 */
class AndroidBiometricPrompter(private val activity: FragmentActivity) : BiometricPrompter {
    private val alias = "happylife-biometric"

    override fun authenticate(reason: String) {
        val signature = try {
            Signature.getInstance("SHA256withECDSA").apply { initSign(privateKey()) }
        } catch (e: KeyPermanentlyInvalidatedException) {
            KeyStore.getInstance("AndroidKeyStore").apply { load(null) }.deleteEntry(alias)
            throw BiometricException.EnrolmentChanged()
        }
        val done = CountDownLatch(1)
        var outcome: BiometricException? = BiometricException.Failed()
        val prompt = BiometricPrompt.PromptInfo.Builder()
            .setTitle(reason)
            .setNegativeButtonText(activity.getString(android.R.string.cancel))
            .setAllowedAuthenticators(BIOMETRIC_STRONG)
            .build()
        val callback = object : BiometricPrompt.AuthenticationCallback() {
            override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) {
                outcome = try {
                    val unlocked = result.cryptoObject?.signature
                        ?: throw IllegalStateException("no crypto object")
                    unlocked.update(java.util.UUID.randomUUID().toString().toByteArray())
                    unlocked.sign()
                    null
                } catch (e: Exception) {
                    BiometricException.Failed()
                }
                done.countDown()
            }

            override fun onAuthenticationError(code: Int, message: CharSequence) {
                outcome = when (code) {
                    BiometricPrompt.ERROR_USER_CANCELED,
                    BiometricPrompt.ERROR_NEGATIVE_BUTTON,
                    BiometricPrompt.ERROR_CANCELED -> BiometricException.Cancelled()
                    BiometricPrompt.ERROR_NO_BIOMETRICS,
                    BiometricPrompt.ERROR_HW_NOT_PRESENT,
                    BiometricPrompt.ERROR_HW_UNAVAILABLE -> BiometricException.Unavailable()
                    else -> BiometricException.Failed()
                }
                done.countDown()
            }
            // onAuthenticationFailed: a finger not recognised; the prompt stays open.
        }
        activity.runOnUiThread {
            BiometricPrompt(activity, ContextCompat.getMainExecutor(activity), callback)
                .authenticate(prompt, BiometricPrompt.CryptoObject(signature))
        }
        done.await()
        outcome?.let { throw it }
    }

    private fun privateKey(): java.security.PrivateKey {
        val store = KeyStore.getInstance("AndroidKeyStore").apply { load(null) }
        (store.getKey(alias, null) as? java.security.PrivateKey)?.let { return it }
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_SIGN)
            .setAlgorithmParameterSpec(ECGenParameterSpec("secp256r1"))
            .setDigests(KeyProperties.DIGEST_SHA256)
            .setUserAuthenticationRequired(true)
            .setInvalidatedByBiometricEnrollment(true)
            .build()
        return KeyPairGenerator.getInstance(KeyProperties.KEY_ALGORITHM_EC, "AndroidKeyStore")
            .apply { initialize(spec) }
            .generateKeyPair()
            .private
    }
}
