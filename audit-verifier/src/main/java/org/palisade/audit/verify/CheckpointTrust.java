// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import org.palisade.audit.ledger.LedgerCheckpoint;

/**
 * The audit-checkpoint certificate from a ledger header, checked against the organisation root the auditor
 * supplies. The chain is one link (root, then checkpoint certificate), so it is checked by hand rather than by
 * PKIX, which trusts an anchor without looking at it: here the root must itself be a CA.
 */
final class CheckpointTrust {

    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;
    private static final Set<String> UNDERSTOOD_CRITICAL = Set.of("2.5.29.15", "2.5.29.19"); // key usage, basic constraints

    private final X509Certificate root;
    private final X509Certificate certificate;

    private CheckpointTrust(X509Certificate root, X509Certificate certificate) {
        this.root = root;
        this.certificate = certificate;
    }

    /** Thrown with a sentence for the auditor when the checkpoint certificate cannot be trusted. */
    static final class UntrustedException extends Exception {
        UntrustedException(String message) {
            super(message);
        }
    }

    static CheckpointTrust establish(X509Certificate root, byte[] certificateDer) throws UntrustedException {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificateDer));
        } catch (CertificateException | ClassCastException e) {
            throw new UntrustedException("the header's certificate is not an X.509 certificate");
        }
        if (root.getBasicConstraints() < 0) {
            throw new UntrustedException("the given root is not a CA certificate (basic constraints)");
        }
        boolean[] rootUsage = root.getKeyUsage();
        if (rootUsage != null && !(rootUsage.length > KEY_CERT_SIGN && rootUsage[KEY_CERT_SIGN])) {
            throw new UntrustedException("the given root may not sign certificates (key usage)");
        }
        if (!certificate.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
            throw new UntrustedException("the checkpoint certificate (" + certificate.getSubjectX500Principal()
                    + ") was issued by " + certificate.getIssuerX500Principal() + ", not by the given root ("
                    + root.getSubjectX500Principal() + ")");
        }
        try {
            certificate.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new UntrustedException("the checkpoint certificate's signature does not verify with the given root's key");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage == null || usage.length <= DIGITAL_SIGNATURE || !usage[DIGITAL_SIGNATURE]) {
            throw new UntrustedException("the checkpoint certificate is not for digital signatures (key usage)");
        }
        Set<String> critical = certificate.getCriticalExtensionOIDs() == null ? Set.of()
                : new HashSet<>(certificate.getCriticalExtensionOIDs());
        critical.removeAll(UNDERSTOOD_CRITICAL);
        if (!critical.isEmpty()) {
            throw new UntrustedException("the checkpoint certificate has a critical extension this verifier does not know: "
                    + critical.iterator().next());
        }
        if (!"EC".equals(certificate.getPublicKey().getAlgorithm())) {
            throw new UntrustedException("the checkpoint certificate's key is not an EC key");
        }
        return new CheckpointTrust(root, certificate);
    }

    String subject() {
        return certificate.getSubjectX500Principal().toString();
    }

    boolean signatureVerifies(LedgerCheckpoint checkpoint) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(checkpoint.message());
            return verifier.verify(checkpoint.signatureDer());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Null when both certificates were valid at {@code time}, else why not. */
    String invalidAt(Instant time) {
        Date at = Date.from(time);
        try {
            root.checkValidity(at);
        } catch (CertificateException e) {
            return "the given root was not valid at " + time;
        }
        try {
            certificate.checkValidity(at);
        } catch (CertificateException e) {
            return "the checkpoint certificate was not valid at " + time;
        }
        return null;
    }
}
