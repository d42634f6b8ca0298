// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

/**
 * One live device of another user with what a sender needs for PQXDH ({@code GET
 * /v1/users/{username}/devices}). Check {@code certificate} against the organisation root and the
 * revocation list before trusting {@code identityKey}.
 *
 * @param identityKey base64 of libsignal's serialized identity key, as in the certificate's
 *     extension
 * @param certificate base64 of the DER X.509 device certificate
 * @param pqPreKey a one-time Kyber prekey, or the device's Kyber last-resort prekey
 * @param preKey a one-time EC prekey, or null when the device has none left
 */
public record DeviceBundle(
    int deviceId,
    int registrationId,
    String identityKey,
    String certificate,
    SignedPreKey signedPreKey,
    SignedPreKey pqPreKey,
    PreKey preKey) {}
