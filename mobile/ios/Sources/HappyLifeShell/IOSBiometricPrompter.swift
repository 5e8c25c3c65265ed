import Foundation
import LocalAuthentication
import Security

/// Biometric login with a key the bank checks, not a "yes" the app could
/// fake: a Secure Enclave P-256 key that signs only after Face ID / Touch ID
/// (`.biometryCurrentSet`). Enrolling another face or finger makes the key
/// unusable; that is reported as `EnrolmentChanged`, and the core asks for
/// the PIN once, then makes a new key.
///
/// Rust calls both methods on a blocking worker thread (the core's
/// spawn_blocking), never the main thread: `SecKeyCreateSignature` shows the
/// system prompt and waits for it.
public final class IOSBiometricPrompter: BiometricPrompter, @unchecked Sendable {
    private let tag = Data("cn.happylife.companion.biometric".utf8)
    /// The enrolled set when the key was made: a different one at sign time
    /// is an enrolment change even where iOS still hands out the key.
    private let enrolledKey = "happylife.biometricDomainState"

    public init() {}

    public func createKey() throws -> Data {
        let context = LAContext()
        var canError: NSError?
        guard context.canEvaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, error: &canError) else {
            throw BiometricError.Unavailable
        }
        SecItemDelete([
            kSecClass as String: kSecClassKey,
            kSecAttrApplicationTag as String: tag,
        ] as CFDictionary)
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
            ] as [String: Any],
        ]
        guard let key = SecKeyCreateRandomKey(attributes as CFDictionary, &error),
              let publicKey = SecKeyCopyPublicKey(key),
              let bytes = SecKeyCopyExternalRepresentation(publicKey, &error) as Data?
        else {
            // No Secure Enclave (the simulator) or no passcode set.
            throw BiometricError.Unavailable
        }
        UserDefaults.standard.set(context.evaluatedPolicyDomainState, forKey: enrolledKey)
        return bytes // X9.63 (04 || X || Y), as the core expects from iOS
    }

    public func sign(reason: String, message: Data) throws -> Data {
        let context = LAContext()
        context.localizedReason = reason
        // No "Enter Password" button: the app's own PIN is the way round.
        context.localizedFallbackTitle = ""
        var canError: NSError?
        guard context.canEvaluatePolicy(.deviceOwnerAuthenticationWithBiometrics, error: &canError) else {
            throw BiometricError.Unavailable
        }
        if let enrolled = UserDefaults.standard.data(forKey: enrolledKey),
           enrolled != context.evaluatedPolicyDomainState {
            throw BiometricError.EnrolmentChanged
        }
        let query: [String: Any] = [
            kSecClass as String: kSecClassKey,
            kSecAttrApplicationTag as String: tag,
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecReturnRef as String: true,
            kSecUseAuthenticationContext as String: context,
        ]
        var item: CFTypeRef?
        switch SecItemCopyMatching(query as CFDictionary, &item) {
        case errSecSuccess:
            break
        case errSecItemNotFound:
            // Biometric login is on (the core asked) but the key is gone:
            // iOS removed it with the enrolment or the passcode.
            throw BiometricError.EnrolmentChanged
        default:
            throw BiometricError.Failed
        }
        guard let found = item else { throw BiometricError.Failed }
        let key = found as! SecKey
        var error: Unmanaged<CFError>?
        guard let signature = SecKeyCreateSignature(
            key, .ecdsaSignatureMessageX962SHA256, message as CFData, &error
        ) as Data? else {
            throw Self.reported(error?.takeRetainedValue())
        }
        return signature // DER, as the bank verifies it
    }

    private static func reported(_ error: CFError?) -> BiometricError {
        guard let error = error.map({ $0 as Error as NSError }) else { return .Failed }
        if error.domain == LAErrorDomain {
            switch LAError.Code(rawValue: error.code) {
            case .userCancel, .appCancel, .systemCancel, .userFallback:
                return .Cancelled
            case .biometryNotAvailable, .biometryNotEnrolled, .biometryLockout:
                return .Unavailable
            default:
                return .Failed
            }
        }
        if error.domain == NSOSStatusErrorDomain, error.code == Int(errSecUserCanceled) {
            return .Cancelled
        }
        return .Failed
    }
}
