plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "cn.happylife.companion"
    compileSdk = 35
    defaultConfig {
        applicationId = "cn.happylife.companion"
        minSdk = 28 // BiometricPrompt with a CryptoObject, Keystore-backed EC keys
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        ndk { abiFilters += listOf("arm64-v8a", "x86_64") }
    }
    // The generated Kotlin bindings (cargo xtask bindings) and the Rust
    // library built with cargo-ndk (see README.md).
    sourceSets["main"].java.srcDir("../../../target/bindings/kotlin")
    sourceSets["main"].jniLibs.srcDir("src/main/jniLibs")
    // The voiceprint's speaker-encoder weights (pretrained.pt, 17 MB,
    // fetched and checked by `cargo xtask setup`), kept uncompressed: the
    // shell copies the asset to a file once and hands the library its path.
    sourceSets["main"].assets.srcDir("../../../target/models/resemblyzer-0.1.4")
    androidResources { noCompress += "pt" }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }
}

dependencies {
    implementation("androidx.appcompat:appcompat:1.7.0")
    implementation("androidx.biometric:biometric:1.1.0")
    implementation("androidx.lifecycle:lifecycle-runtime-ktx:2.8.7")
    implementation("net.java.dev.jna:jna:5.15.0@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.9.0")
    // Must be the version of rustls-platform-verifier-android in Cargo.lock
    // (0.2.0 with rustls-platform-verifier 0.7.1); move them together.
    implementation("rustls:rustls-platform-verifier:0.2.0")
}
