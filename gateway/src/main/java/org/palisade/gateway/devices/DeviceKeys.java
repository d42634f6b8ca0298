// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.List;

/**
 * A device's public keys after {@link DeviceKeyVerifier} has parsed every key with libsignal and verified every
 * prekey signature under the identity key. Only values of this type are stored.
 */
record DeviceKeys(byte[] identityKey, int registrationId, PublishedKey signedPreKey, PublishedKey pqLastResortPreKey,
                  List<PublishedKey> preKeys, List<PublishedKey> pqPreKeys) {
}
