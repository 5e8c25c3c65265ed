package cn.happylife.companion

import android.os.Bundle
import android.widget.Button
import android.widget.LinearLayout
import android.widget.TextView
import androidx.appcompat.app.AppCompatActivity
import androidx.lifecycle.lifecycleScope
import kotlinx.coroutines.launch
import uniffi.happylife_mobile.HappyLife
import uniffi.happylife_mobile.MobileException

/**
 * The smallest shell: opens the Rust core on the app's private files and
 * offers biometric login. The elder UI itself is the Dioxus layout; this
 * activity only proves the native half (library load, foreign trait, errors).
 */
class MainActivity : AppCompatActivity() {
    private lateinit var app: HappyLife

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val status = TextView(this).apply { textSize = 24f }
        val login = Button(this).apply { textSize = 24f; text = "指纹登录" }
        setContentView(LinearLayout(this).apply {
            orientation = LinearLayout.VERTICAL
            addView(status)
            addView(login)
        })
        lifecycleScope.launch {
            app = HappyLife.open(filesDir.absolutePath)
            status.text = app.message("biometric-reason")
        }
        login.setOnClickListener {
            lifecycleScope.launch {
                status.text = try {
                    app.loginWithBiometric(AndroidBiometricPrompter(this@MainActivity))
                    "OK"
                } catch (e: MobileException.BiometricCancelled) {
                    app.message(e.messageId)
                } catch (e: MobileException.BiometricRefused) {
                    app.message(e.messageId)
                } catch (e: MobileException.Failed) {
                    app.message(e.messageId)
                }
            }
        }
    }
}
