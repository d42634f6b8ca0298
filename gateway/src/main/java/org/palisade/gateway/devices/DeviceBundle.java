// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

/**
 * What a sender needs to start a PQXDH session with one live device.
 *
 * @param pqPreKey a one-time Kyber prekey, or the last-resort one when none is left
 * @param preKey a one-time EC prekey, or null when none is left (PQXDH works without one)
 */
record DeviceBundle(StoredDevice device, PublishedKey signedPreKey, PublishedKey pqPreKey, PublishedKey preKey) {
}
