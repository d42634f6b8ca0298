// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

/**
 * A one-time EC prekey (unsigned, as in libsignal).
 *
 * @param publicKey base64 of libsignal's serialized EC public key (33 bytes)
 */
public record PreKey(int keyId, String publicKey) {}
