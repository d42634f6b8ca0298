// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

/**
 * How many one-time prekeys a device has left on the gateway; a device refills before either runs out.
 *
 * @param preKeys one-time EC prekeys left
 * @param pqPreKeys one-time Kyber prekeys left
 */
public record PreKeyCountResponse(int preKeys, int pqPreKeys) {
}
