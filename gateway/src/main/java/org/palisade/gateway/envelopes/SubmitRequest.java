// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One message to one or more users: an envelope for every live device of each recipient, and one for each of the
 * sender's other live devices. Accepted or refused as a whole.
 */
@Schema(name = "SubmitRequest")
public record SubmitRequest(List<OutgoingEnvelope> envelopes) {
}
