// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import java.time.Instant;
import java.util.List;

/** The accepted envelopes' ids, in request order, and the server time they all carry. */
public record SubmitResponse(Instant serverTime, List<AcceptedEnvelope> envelopes) {

    public record AcceptedEnvelope(String recipient, int deviceId, String id) {
    }
}
