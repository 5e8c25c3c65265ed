// The FFI surface from Kotlin on the JVM: the real libhappylife_mobile.so
// through the Kotlin bindings uniffi generated from it, against the real
// gateway binary on 127.0.0.1. What the Android shell does, this program
// does with the JDK alone: its keystore is the Linux kernel's session
// keyring (run.sh starts the JVM under `keyctl session -`), its biometric
// hardware a P-256 key from java.security.
//
// Run by tests/kotlin/run.sh; the gateway's URL is the first argument.
// One line per check; exit 1 on the first failure.

import java.net.HttpURLConnection
import java.net.URI
import java.nio.file.Files
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.Signature
import java.security.spec.ECGenParameterSpec
import kotlin.system.exitProcess
import kotlinx.coroutines.runBlocking
import uniffi.happylife_mobile.AccountSummary
import uniffi.happylife_mobile.BiometricException
import uniffi.happylife_mobile.BiometricPrompter
import uniffi.happylife_mobile.HappyLife
import uniffi.happylife_mobile.MobileException

const val ELDER = "demo-elder-0001"
const val PIN = "583920"
const val WRONG_PIN = "583921"

var passed = 0

fun ok(what: String) {
    passed += 1
    println("ok   $what")
}

fun fail(what: String): Nothing {
    println("FAIL $what")
    println("kotlin: $passed passed, 1 failed")
    exitProcess(1)
}

fun verify(cond: Boolean, what: String) {
    if (cond) ok(what) else fail(what)
}

/** A sandbox bank's tester endpoint, with the JDK alone. */
fun sandboxGet(url: String, path: String): String {
    val conn = URI(url + path).toURL().openConnection() as HttpURLConnection
    conn.connectTimeout = 5_000
    conn.readTimeout = 10_000
    try {
        val status = conn.responseCode
        if (status != 200) fail("GET $path answered $status")
        return conn.inputStream.use { it.readBytes().toString(Charsets.UTF_8) }
    } finally {
        conn.disconnect()
    }
}

/** The first string value of `key` in a JSON text (enough for these replies). */
fun jsonString(json: String, key: String): String? {
    val m = Regex("\"" + Regex.escape(key) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").find(json)
    return m?.groupValues?.get(1)
}

/** The shell's biometric hardware: a P-256 key only "the owner's touch" unlocks. */
class Hardware : BiometricPrompter {
    var key: KeyPair? = null
    val reasons = mutableListOf<String>()

    override fun createKey(): ByteArray {
        val gen = KeyPairGenerator.getInstance("EC")
        gen.initialize(ECGenParameterSpec("secp256r1"))
        val pair = gen.generateKeyPair()
        key = pair
        // X.509 SubjectPublicKeyInfo, as Android Keystore gives it.
        return pair.public.encoded
    }

    override fun sign(reason: String, message: ByteArray): ByteArray {
        reasons.add(reason)
        val pair = key ?: throw BiometricException.Unavailable()
        val s = Signature.getInstance("SHA256withECDSA")
        s.initSign(pair.private)
        s.update(message)
        return s.sign() // DER
    }
}

/** A person who taps "cancel" on the prompt. */
class Cancelling : BiometricPrompter {
    override fun createKey(): ByteArray = throw BiometricException.Cancelled()
    override fun sign(reason: String, message: ByteArray): ByteArray =
        throw BiometricException.Cancelled()
}

/**
 * `ui SERVER DATA_DIR [LIST_KEY]`: what the Android activity does at
 * start, on the JVM. Opens the app's data, registers the biometric
 * hardware (each prompt reported on stdout: `CAP ["biometric_prompt", reason]`),
 * starts the elder UI the library serves on loopback and prints its
 * address (`UI at URL`) for the WebView: here headless Chromium, driven by
 * tests/kotlin/ui.test.mjs. On SIGTERM it stops the UI and exits 0.
 */
fun uiShell(server: String, dataDir: String, listKey: String?) = runBlocking {
    val app = HappyLife.open(dataDir)
    if (listKey != null) app.setListKey(listKey)
    val hardware = Hardware()
    app.setBiometricPrompter(object : BiometricPrompter {
        override fun createKey(): ByteArray {
            report("biometric_key")
            return hardware.createKey()
        }

        override fun sign(reason: String, message: ByteArray): ByteArray {
            report("biometric_prompt", reason)
            return hardware.sign(reason, message)
        }
    })
    val url = app.startUi(server)
    Runtime.getRuntime().addShutdownHook(Thread {
        runBlocking { app.stopUi() }
        println("UI stopped")
        System.out.flush()
        Runtime.getRuntime().halt(0)
    })
    println("UI at $url")
    System.out.flush()
    while (true) Thread.sleep(60_000)
}

/** What the shell's capability was asked, one JSON line for the test. */
fun report(what: String, vararg values: String) {
    val quoted = (listOf(what) + values).joinToString(", ") { v ->
        "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
    }
    println("CAP [$quoted]")
    System.out.flush()
}

fun main(args: Array<String>) {
    if (args.firstOrNull() == "ui") {
        if (args.size < 3) fail("ui SERVER DATA_DIR [LIST_KEY]")
        uiShell(args[1], args[2], args.getOrNull(3))
    }
    val url = args.firstOrNull() ?: System.getenv("HAPPYLIFE_SERVER_URL")
        ?: fail("no gateway URL (first argument or HAPPYLIFE_SERVER_URL)")
    try {
        runBlocking { phone(url) }
    } catch (e: Throwable) {
        e.printStackTrace(System.out)
        fail("unexpected ${e::class.qualifiedName}: ${e.message}")
    }
    println("kotlin: $passed passed, 0 failed")
    exitProcess(0)
}

suspend fun phone(url: String) {
    val dir = Files.createTempDirectory("happylife-kotlin-phone-").toString()
    val app = HappyLife.open(dir)
    ok("HappyLife.open($dir)")

    // Binding: the bank's SMS code, read from the sandbox's outbox.
    val idNumber = jsonString(sandboxGet(url, "/v1/sandbox/customers/$ELDER"), "id_number")
        ?: fail("no id_number for $ELDER")
    val sent = app.requestBindCode(url, idNumber)
    ok("requestBindCode: code ${sent.codeId} sent to ${sent.phoneMasked}")
    val sms = sandboxGet(url, "/v1/sandbox/sms?customer_id=$ELDER")
    val messages = sms.substringAfter("\"messages\"", "")
    val body = jsonString(messages, "body") ?: fail("no SMS for $ELDER: $sms")
    val code = Regex("(?<!\\d)\\d{6}(?!\\d)").find(body)?.value ?: fail("no 6-digit code in: $body")
    app.bind(url, sent.codeId, code, "Kotlin phone")
    verify(app.isBound(), "bind with the SMS code")
    verify(app.accounts().isEmpty(), "nothing of hers before a login")

    // PIN: she has one at the bank; a new phone logs in with it (the bank
    // checks it; a wrong one is counted there).
    verify(app.bankHasPin() == true, "bankHasPin: she has a PIN at the bank")
    try {
        app.loginWithPin(WRONG_PIN)
        fail("a wrong PIN logged in")
    } catch (e: MobileException.WrongPin) {
        verify(e.triesLeft == 4u, "wrong PIN: MobileException.WrongPin, triesLeft=${e.triesLeft}")
    }
    verify(!app.sessionActive(), "no session after a wrong PIN")
    app.loginWithPin(PIN)
    verify(app.sessionActive() && app.pinIsSet(), "right PIN logs in (sessionActive, pinIsSet)")

    val accounts: List<AccountSummary> = app.accounts()
    verify(
        accounts.size == 4 && accounts.all { Regex("\\d{4}").matches(it.last4) },
        "accounts(): ${accounts.size} accounts, last4 " +
            accounts.joinToString(" ") { "${it.last4}=${it.balanceText}" },
    )

    // Biometric: a Kotlin prompter whose key is java.security's P-256.
    val hardware = Hardware()
    app.enableBiometric(hardware)
    verify(hardware.key != null, "enableBiometric: key made in the Kotlin prompter (${app.biometricLogin()})")
    app.logout()
    verify(!app.sessionActive(), "logout")
    val session = app.loginWithBiometric(hardware)
    verify(
        app.sessionActive() && hardware.reasons.isNotEmpty(),
        "loginWithBiometric (expires ${session.expiresAt}, prompt \"${hardware.reasons.last()}\")",
    )

    app.logout()
    try {
        app.loginWithBiometric(Cancelling())
        fail("a cancelled prompt logged in")
    } catch (e: MobileException.BiometricCancelled) {
        verify(!app.sessionActive(), "cancelled prompt: MobileException.BiometricCancelled (${e.messageId})")
    }
    app.close()
}
