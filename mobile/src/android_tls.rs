//! HTTPS on Android: the certificate checks of the library's HTTP client
//! (reqwest with rustls-platform-verifier) ask Android's own trust manager
//! through the JVM, so the verifier must be handed the JVM and the app's
//! `Context` once, before the first connection. The shell's
//! `cn.happylife.companion.TlsVerifier.initialize(context)` does that from
//! `HappyLifeApplication.onCreate`.
//!
//! Not compiled here (no Android target on this machine); the same JNI shape
//! (`jni_mangle`, `EnvUnowned`, `with_env(...).resolve`) was built for the
//! host against jni 0.22.4 and exports
//! `Java_cn_happylife_companion_TlsVerifier_initialize`.

use jni::EnvUnowned;
use jni::errors::ThrowRuntimeExAndDefault;
use jni::objects::JObject;

/// `TlsVerifier.initialize(context)`: keeps the JVM, a global reference to
/// the context and its class loader (through which the verifier finds
/// `org.rustls.platformverifier.CertificateVerifier`, shipped in the
/// rustls-platform-verifier AAR). A second call does nothing. A failure
/// throws a `RuntimeException` in the shell rather than aborting, so the app
/// can say the bank cannot be reached securely.
#[jni::jni_mangle("cn.happylife.companion.TlsVerifier")]
pub fn initialize<'local>(
    mut env: EnvUnowned<'local>,
    _class: JObject<'local>,
    context: JObject<'local>,
) {
    env.with_env(|env| rustls_platform_verifier::android::init_with_env(env, context))
        .resolve::<ThrowRuntimeExAndDefault>();
}
