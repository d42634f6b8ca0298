// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.palisade.audit.verify.LedgerVerifier;
import org.palisade.audit.verify.VerificationReport;
import org.palisade.gateway.testing.LocalStackResource;
import org.palisade.hsm.custody.SigningKey;
import org.palisade.hsm.ledger.Principal;

/**
 * The gateway's use of an organisation key lands in the custody ledger in its database, and its scheduled
 * job signs a checkpoint over it within the interval ({@code %test}: 1 s): the export then verifies offline
 * against the organisation root with the entry covered.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class GatewayCustodyLedgerTest {

    @Inject
    OrganisationCustody organisation;

    @Test
    void aKeyUseIsRecordedAndCoveredByACheckpointWithinTheInterval() throws Exception {
        String purpose = "gateway-test-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] data = "to be signed".getBytes(StandardCharsets.UTF_8);
        X509Certificate root = organisation.custody().rootCertificate();

        byte[] signature = organisation.custody().sign(SigningKey.DEVICE_CA, purpose, data, Principal.service("gateway"));

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(root.getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String export = export();
            long seq = seqOfEntryWithPurpose(export, purpose);
            VerificationReport report = new LedgerVerifier(root).verify(export.getBytes(StandardCharsets.UTF_8));
            assertThat(report.valid()).as(String.valueOf(report.firstProblem())).isTrue();
            assertThat(report.coveredEntries()).as("entries covered by a checkpoint").isGreaterThanOrEqualTo(seq);
        });
    }

    private String export() throws Exception {
        StringWriter out = new StringWriter();
        organisation.ledger().export(out);
        return out.toString();
    }

    private static long seqOfEntryWithPurpose(String export, String purpose) {
        String line = export.lines().filter(l -> l.contains("\"purpose\":\"" + purpose + "\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no ledger entry for " + purpose));
        assertThat(line).contains("\"key\":\"device-ca\"", "\"operation\":\"sign\"", "\"principal\":\"service:gateway\"",
                "\"outcome\":\"success\"");
        return Long.parseLong(line.replaceAll(".*\"seq\":(\\d+).*", "$1"));
    }
}
