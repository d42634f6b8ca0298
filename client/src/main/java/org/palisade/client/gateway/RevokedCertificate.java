// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.time.Instant;

/**
 * A revoked device certificate; refuse a peer whose certificate has this serial number.
 *
 * @param serialNumber the serial number in lowercase hex without leading zeros
 */
public record RevokedCertificate(String serialNumber, Instant revokedAt) {}
