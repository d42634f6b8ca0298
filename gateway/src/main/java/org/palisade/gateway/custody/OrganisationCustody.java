// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.custody;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.palisade.hsm.custody.CustodyException;
import org.palisade.hsm.custody.KeyCustody;
import org.palisade.hsm.custody.KeyDescription;
import org.palisade.hsm.custody.LedgeredCustody;
import org.palisade.hsm.custody.Pkcs11KeyCustody;
import org.palisade.hsm.ledger.JdbcCustodyLedger;
import org.palisade.hsm.token.HsmException;
import org.palisade.hsm.token.PinSource;
import org.palisade.hsm.token.Pkcs11Token;
import org.palisade.hsm.token.TokenConfig;
import org.palisade.hsm.token.TokenStatus;

/**
 * The organisation's keys as the gateway uses them: the HSM token, opened on first use and shared by the
 * whole process (PKCS#11 login state belongs to the process), with every use recorded in the custody ledger
 * in the gateway's database. A gateway whose HSM is unavailable at start still starts, and says so in
 * readiness.
 */
@ApplicationScoped
public class OrganisationCustody {

    /** The keys the key ceremony creates; without all of them the gateway cannot serve. */
    static final Set<String> REQUIRED_KEYS = Set.of("device-ca", "audit-checkpoint", "storage-kek");

    private final TokenConfig tokenConfig;
    private final DataSource dataSource;
    private final int checkpointEvery;
    private final Clock clock;
    private final SecureRandom random;
    private Pkcs11Token token;
    private Pkcs11KeyCustody custody;
    private JdbcCustodyLedger ledger;
    /** A PIN the token refused is not tried again: each try brings a real HSM closer to locking the PIN. */
    private HsmException pinRefused;

    @Inject
    OrganisationCustody(HsmConfig hsm, LedgerConfig ledgerConfig, AgroalDataSource dataSource, Clock clock, SecureRandom random) {
        this(new TokenConfig(hsm.library(), hsm.tokenLabel(), PinSource.file(hsm.pinFile())),
                ledgerConfig.checkpointEvery(), dataSource, clock, random);
    }

    OrganisationCustody(TokenConfig tokenConfig, int checkpointEvery, DataSource dataSource, Clock clock, SecureRandom random) {
        this.tokenConfig = tokenConfig;
        this.checkpointEvery = checkpointEvery;
        this.dataSource = dataSource;
        this.clock = clock;
        this.random = random;
    }

    /** Custody over the organisation's keys; opens the token if needed. */
    public KeyCustody custody() {
        open();
        return custody;
    }

    public JdbcCustodyLedger ledger() {
        open();
        return ledger;
    }

    /** Whether the token answers and holds every organisation key; never throws. */
    public TokenStatus status() {
        try {
            open();
            TokenStatus probe = token.probe();
            if (!probe.up()) {
                return probe;
            }
            Set<String> present = custody.describe().stream().map(KeyDescription::name).collect(Collectors.toSet());
            List<String> missing = REQUIRED_KEYS.stream().filter(name -> !present.contains(name)).sorted().toList();
            return missing.isEmpty() ? probe : new TokenStatus(false, "missing organisation keys: " + String.join(", ", missing)
                    + " (run the key ceremony)");
        } catch (HsmException e) {
            return new TokenStatus(false, e.reason().name().toLowerCase().replace('_', ' '));
        } catch (CustodyException e) {
            return new TokenStatus(false, e.reason().name().toLowerCase().replace('_', ' '));
        }
    }

    private synchronized void open() {
        if (pinRefused != null) {
            throw pinRefused;
        }
        if (token != null) {
            return;
        }
        try {
            token = Pkcs11Token.open(tokenConfig);
        } catch (HsmException e) {
            if (e.reason() == HsmException.Reason.PIN_INCORRECT || e.reason() == HsmException.Reason.PIN_LOCKED) {
                pinRefused = e;
            }
            throw e;
        }
        LedgeredCustody keys = LedgeredCustody.open(token, dataSource, clock, random, checkpointEvery);
        ledger = keys.ledger();
        custody = keys.custody();
    }

    @PreDestroy
    synchronized void close() {
        if (token != null) {
            token.close();
        }
    }
}
