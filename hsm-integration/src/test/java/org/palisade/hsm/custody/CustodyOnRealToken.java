// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.palisade.hsm.ledger.Principal;
import org.palisade.hsm.token.Pkcs11Token;

/** A custody over the real test token, emptied of organisation keys before and after each test. */
abstract class CustodyOnRealToken {

    static final Instant CEREMONY_TIME = Instant.parse("2026-03-02T09:30:00Z");
    static final Principal OFFICER = Principal.person("alice");
    static final Principal GATEWAY = Principal.service("gateway");

    final SecureRandom random = new SecureRandom();
    final InMemoryCustodyLedger ledger = new InMemoryCustodyLedger();
    Pkcs11Token token;
    Pkcs11KeyCustody custody;

    @BeforeEach
    void openEmptyToken() {
        token = CustodyTestToken.openEmpty();
        custody = new Pkcs11KeyCustody(token, ledger, Clock.fixed(CEREMONY_TIME, ZoneOffset.UTC), random);
    }

    @AfterEach
    void removeKeysAndClose() {
        CustodyTestToken.removeOrganisationKeysAndClose(token);
    }

    /** Initialises the organisation keys and forgets the ceremony's ledger entries. */
    void initialised() {
        custody.initialise(OFFICER);
        ledger.clear();
    }

    byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The public key in a PEM block, parsed in software: what a client or an auditor would do. */
    static PublicKey publicKeyFromPem(String pem) throws Exception {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("EC", "SunEC")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    /** Verified in software (SunEC), so the token is not checking its own work. */
    static boolean verifies(PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA", "SunEC");
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(signature);
    }
}
