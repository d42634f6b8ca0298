// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

/**
 * How many one-time prekeys a device has left on the gateway; refill before either runs out.
 *
 * @param preKeys one-time EC prekeys left
 * @param pqPreKeys one-time Kyber prekeys left
 */
public record PreKeyCounts(int preKeys, int pqPreKeys) {}
