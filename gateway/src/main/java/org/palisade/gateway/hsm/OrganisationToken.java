// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.hsm;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.palisade.hsm.token.HsmException;
import org.palisade.hsm.token.PinSource;
import org.palisade.hsm.token.Pkcs11Token;
import org.palisade.hsm.token.TokenConfig;
import org.palisade.hsm.token.TokenStatus;

/**
 * The organisation's token, opened on first use and shared by the whole process (PKCS#11 login state belongs
 * to the process). A gateway whose HSM is unavailable at start still starts, and reports it in readiness.
 */
@ApplicationScoped
public class OrganisationToken {

    private final TokenConfig config;
    private Pkcs11Token token;
    /** A PIN the token refused is not tried again: each try brings a real HSM closer to locking the PIN. */
    private HsmException pinRefused;

    OrganisationToken(HsmConfig hsm) {
        this.config = new TokenConfig(hsm.library(), hsm.tokenLabel(), PinSource.file(hsm.pinFile()));
    }

    /** The open token; opens it if needed. */
    public synchronized Pkcs11Token token() {
        if (pinRefused != null) {
            throw pinRefused;
        }
        if (token == null) {
            try {
                token = Pkcs11Token.open(config);
            } catch (HsmException e) {
                if (e.reason() == HsmException.Reason.PIN_INCORRECT || e.reason() == HsmException.Reason.PIN_LOCKED) {
                    pinRefused = e;
                }
                throw e;
            }
        }
        return token;
    }

    /** Whether the token is present, logged in and answering; never throws. */
    public TokenStatus status() {
        try {
            return token().probe();
        } catch (HsmException e) {
            return new TokenStatus(false, e.reason().name().toLowerCase().replace('_', ' '));
        }
    }

    @PreDestroy
    synchronized void close() {
        if (token != null) {
            token.close();
        }
    }
}
