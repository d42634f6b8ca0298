// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import java.time.Instant;

/** The frames the gateway sends besides envelopes ({@link DeliveredEnvelope}). */
final class ServerFrames {

    /** Authentication (or renewal) accepted; pushing starts. */
    record Ready(String type, int deviceId, Instant tokenExpires) {
        Ready(int deviceId, Instant tokenExpires) {
            this("ready", deviceId, tokenExpires);
        }
    }

    /** An acknowledgement was applied: the envelope is deleted. */
    record Acked(String type, String id) {
        Acked(String id) {
            this("acked", id);
        }
    }

    /** A frame was refused; the socket stays open. {@code problem} is a problem type URN, {@code id} the ack's id. */
    record Error(String type, String problem, String detail, String id) {
        Error(String problem, String detail, String id) {
            this("error", problem, detail, id);
        }
    }

    private ServerFrames() {
    }
}
