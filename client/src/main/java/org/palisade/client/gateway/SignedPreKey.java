// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

/**
 * A prekey signed by the device's identity key: a signed EC prekey or a Kyber prekey.
 *
 * @param publicKey base64 of libsignal's serialized public key (EC 33 bytes, Kyber-1024 1569 bytes)
 * @param signature base64 of the identity key's signature over the serialized public key
 */
public record SignedPreKey(int keyId, String publicKey, String signature) {}
