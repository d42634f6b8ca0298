// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

/** Ends a delivery socket with a {@link SocketRefusal}. */
final class SocketRefusedException extends RuntimeException {

    private final SocketRefusal refusal;

    SocketRefusedException(SocketRefusal refusal) {
        super(refusal.name(), null, false, false);
        this.refusal = refusal;
    }

    SocketRefusal refusal() {
        return refusal;
    }
}
