// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.List;

/**
 * A refill or rotation after {@link DeviceKeyVerifier} has parsed every key and verified every signature under
 * the device's registered identity key.
 *
 * @param signedPreKey the new signed EC prekey, or null to keep the current one
 * @param pqLastResortPreKey the new Kyber last-resort prekey, or null to keep the current one
 */
record PreKeyUpload(PublishedKey signedPreKey, PublishedKey pqLastResortPreKey, List<PublishedKey> preKeys,
                    List<PublishedKey> pqPreKeys) {
}
