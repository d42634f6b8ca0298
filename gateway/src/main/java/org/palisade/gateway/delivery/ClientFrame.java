// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

/**
 * A frame a device sends on its delivery socket (JSON text):
 * <ul>
 *   <li>{@code {"type":"auth","token":"<access token>","deviceId":1}} first, within the authentication timeout,
 *       and again with a fresh token before the current one expires;</li>
 *   <li>{@code {"type":"ack","id":"<envelope id>"}} once an envelope is safely processed.</li>
 * </ul>
 */
record ClientFrame(String type, String token, Integer deviceId, String id) {
}
