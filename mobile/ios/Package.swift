// swift-tools-version:5.9
// The iOS shell's native half: the Rust core as an xcframework, the
// generated Swift bindings (copied into Sources/HappyLifeShell by the build
// steps in README.md), and the foreign traits implemented with Apple APIs.
import PackageDescription

let package = Package(
    name: "HappyLifeShell",
    platforms: [.iOS(.v15)],
    products: [.library(name: "HappyLifeShell", targets: ["HappyLifeShell"])],
    targets: [
        .binaryTarget(name: "HappyLifeFFI", path: "HappyLifeFFI.xcframework"),
        .target(
            name: "HappyLifeShell",
            dependencies: ["HappyLifeFFI"],
            // Security and CoreFoundation are for the Rust library itself
            // (its Keychain store and TLS certificate checks).
            linkerSettings: [
                .linkedFramework("AVFoundation"),
                .linkedFramework("CallKit"),
                .linkedFramework("CoreFoundation"),
                .linkedFramework("CoreMotion"),
                .linkedFramework("LocalAuthentication"),
                .linkedFramework("Security"),
                .linkedFramework("Speech"),
                .linkedFramework("UIKit"),
                .linkedFramework("UserNotifications"),
            ]
        ),
    ]
)
