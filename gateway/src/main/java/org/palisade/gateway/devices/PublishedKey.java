// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

/**
 * A public prekey as the device published it, in libsignal's serialization.
 *
 * @param signature the identity key's signature over {@code publicKey}, or null for one-time EC prekeys
 */
record PublishedKey(int keyId, byte[] publicKey, byte[] signature) {
}
