// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The 409 problem of a stale device list: RFC 9457 members plus {@code mismatches}, one per recipient. */
@Schema(name = "DeviceListProblem")
public record DeviceListProblem(String type, String title, int status, String detail,
                                List<DeviceListMismatch> mismatches) {
}
