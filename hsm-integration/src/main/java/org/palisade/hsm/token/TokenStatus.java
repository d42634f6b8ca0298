// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.token;

import java.util.Objects;

/** The outcome of {@link Pkcs11Token#probe()}: up, or down with a short reason that holds no secret. */
public record TokenStatus(boolean up, String reason) {

    public TokenStatus {
        Objects.requireNonNull(reason, "reason");
    }

    static TokenStatus ok() {
        return new TokenStatus(true, "ok");
    }

    static TokenStatus down(String reason) {
        return new TokenStatus(false, reason);
    }
}
