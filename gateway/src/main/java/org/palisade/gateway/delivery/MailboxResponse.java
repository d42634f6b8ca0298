// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import java.util.List;

/** Waiting envelopes, oldest first; acknowledge each to remove it. */
public record MailboxResponse(List<DeliveredEnvelope> envelopes) {
}
