// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.List;

/** A user's live devices, by device id, each with a prekey bundle; empty when the user has none. */
public record UserDevicesResponse(List<DeviceBundleResponse> devices) {
}
