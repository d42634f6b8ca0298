// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.Base64;

/**
 * One live device of a user, with what a sender needs for PQXDH. Check {@code certificate} against the
 * organisation root (and the revocation list) before trusting {@code identityKey}.
 *
 * @param identityKey base64 of libsignal's serialized identity key, as in the certificate's extension
 * @param certificate base64 of the DER X.509 device certificate
 * @param pqPreKey a one-time Kyber prekey, or the last-resort one (a key id the device marked last-resort)
 * @param preKey a one-time EC prekey, or null when the device has none left
 */
public record DeviceBundleResponse(int deviceId, int registrationId, String identityKey, String certificate,
                                   SignedPreKeyResponse signedPreKey, SignedPreKeyResponse pqPreKey, PreKeyResponse preKey) {

    static DeviceBundleResponse of(DeviceBundle bundle) {
        StoredDevice device = bundle.device();
        return new DeviceBundleResponse(device.deviceId(), device.registrationId(),
                Base64.getEncoder().encodeToString(device.identityKey()),
                Base64.getEncoder().encodeToString(device.certificate()),
                SignedPreKeyResponse.of(bundle.signedPreKey()), SignedPreKeyResponse.of(bundle.pqPreKey()),
                bundle.preKey() == null ? null : PreKeyResponse.of(bundle.preKey()));
    }
}
