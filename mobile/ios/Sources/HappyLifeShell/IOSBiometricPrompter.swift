import Foundation
import LocalAuthentication
import Security

/// The shell's biometric prompt. Success is not a boolean the app could
/// fake: a Secure Enclave key created with `.biometryCurrentSet` signs a
/// fresh nonce, and the key can only be used after Face ID / Touch ID. When
/// the enrolled faces or fingers change, iOS invalidates the key and the
/// prompt reports `EnrolmentChanged`: the PIN is needed once, then a new
/// key is made.
///
/// Rust calls this on a background thread; it waits for the prompt.
final class IOSBiometricPrompter: BiometricPrompter, @unchecked Sendable {
    private let tag = "cn.happylife.companion.biometric".data(using: .utf8)!
    private let madeFlag = "happylife.biometricKeyMade"

    func authenticate(reason: String) throws {
        let context = LAContext()
        context.localizedReason = reason
        var canError: NSError?
        guard context.canEvaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, error: &canError) else {
            throw BiometricError.Unavailable
        }
        guard let key = try privateKey(context: context) else {
            // No key: the first biometric login makes one; a key that was
            // made before and is gone means the enrolment changed.
            let madeBefore = UserDefaults.standard.bool(forKey: madeFlag)
            try makeKey()
            UserDefaults.standard.set(true, forKey: madeFlag)
            if madeBefore {
                throw BiometricError.EnrolmentChanged
            }
            return try authenticate(reason: reason)
        }
        var error: Unmanaged<CFError>?
        let nonce = UUID().uuidString.data(using: .utf8)! as CFData
        // This is where Face ID / Touch ID is asked: the Secure Enclave only
        // signs after it succeeds.
        guard SecKeyCreateSignature(key, .ecdsaSignatureMessageX962SHA256, nonce, &error) != nil else {
            let code = (error?.takeRetainedValue() as Error?).map { ($0 as NSError).code } ?? 0
            switch code {
            case LAError.userCancel.rawValue, LAError.appCancel.rawValue, LAError.systemCancel.rawValue:
                throw BiometricError.Cancelled
            case LAError.biometryNotEnrolled.rawValue, LAError.biometryNotAvailable.rawValue:
                throw BiometricError.Unavailable
            default:
                throw BiometricError.Failed
            }
        }
    }

    private func privateKey(context: LAContext) throws -> SecKey? {
        let query: [String: Any] = [
            kSecClass as String: kSecClassKey,
            kSecAttrApplicationTag as String: tag,
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecReturnRef as String: true,
            kSecUseAuthenticationContext as String: context,
        ]
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        if status == errSecItemNotFound {
            return nil
        }
        guard status == errSecSuccess, let found = item else {
            throw BiometricError.Failed
        }
        return (found as! SecKey)
    }

    private func makeKey() throws {
        var error: Unmanaged<CFError>?
        guard let access = SecAccessControlCreateWithFlags(
            kCFAllocatorDefault,
            kSecAttrAccessibleWhenPasscodeSetThisDeviceOnly,
            [.privateKeyUsage, .biometryCurrentSet],
            &error
        ) else {
            throw BiometricError.Unavailable
        }
        let attributes: [String: Any] = [
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecAttrKeySizeInBits as String: 256,
            kSecAttrTokenID as String: kSecAttrTokenIDSecureEnclave,
            kSecPrivateKeyAttrs as String: [
                kSecAttrIsPermanent as String: true,
                kSecAttrApplicationTag as String: tag,
                kSecAttrAccessControl as String: access,
            ],
        ]
        guard SecKeyCreateRandomKey(attributes as CFDictionary, &error) != nil else {
            throw BiometricError.Unavailable
        }
    }
}

/// Opens the core on the app's Application Support folder.
public func openHappyLife() async throws -> HappyLife {
    let dir = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
        .appendingPathComponent("HappyLife", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return try await HappyLife.open(dataDir: dir.path)
}
