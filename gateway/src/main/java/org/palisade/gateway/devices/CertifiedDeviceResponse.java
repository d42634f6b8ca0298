// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.Base64;

/**
 * One live device of a user with its certificate and no prekeys: what a recipient checks a sender's device
 * against (certificate chain to the organisation root, identity key, revocation) without using up prekeys.
 */
public record CertifiedDeviceResponse(int deviceId, int registrationId, String identityKey, String certificate) {

    static CertifiedDeviceResponse of(StoredDevice device) {
        return new CertifiedDeviceResponse(device.deviceId(), device.registrationId(),
                Base64.getEncoder().encodeToString(device.identityKey()),
                Base64.getEncoder().encodeToString(device.certificate()));
    }
}
