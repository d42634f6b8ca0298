// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

/**
 * The outcome of a registration.
 *
 * @param created true for a new registration, false when a live device was refreshed with the same identity key
 */
record RegisteredDevice(int deviceId, byte[] certificate, boolean created) {
}
