// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import java.util.List;

/**
 * How one recipient's envelopes differ from their live devices, with the current list so the sender can fetch
 * bundles for the new devices and try again.
 *
 * @param missingDevices live devices the request has no envelope for
 * @param extraDevices   device ids the request addresses that are not live (revoked or never registered)
 * @param staleDevices   devices whose registration id changed since the sender's session was made
 * @param devices        the live devices now
 */
public record DeviceListMismatch(String recipient, List<Integer> missingDevices, List<Integer> extraDevices,
                                 List<Integer> staleDevices, List<CurrentDevice> devices) {

    public record CurrentDevice(int deviceId, int registrationId) {
    }
}
