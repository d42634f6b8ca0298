// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.time.Instant;
import java.util.List;

/**
 * The gateway accepted a submission: the envelope ids in request order and the server time all
 * carry.
 */
public record SubmitResult(Instant serverTime, List<AcceptedEnvelope> envelopes) {

  public SubmitResult {
    envelopes = envelopes == null ? List.of() : List.copyOf(envelopes);
  }

  /** One accepted envelope. */
  public record AcceptedEnvelope(String recipient, int deviceId, String id) {}

  /** The ids, in request order. */
  public List<String> ids() {
    return envelopes.stream().map(AcceptedEnvelope::id).toList();
  }
}
