// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerLineTest {

    /** The worked example in docs/custody-ledger.md: change it there too. */
    private static final LedgerEntry DOCUMENTED = LedgerEntry.chained(1, "2025-03-01T09:15:02.120Z", "storage-kek", 2,
            "dek-decrypt", "epoch-dek", "service:gateway", "success", "", 1, LedgerFormat.ZERO_HASH);

    @Test
    void theDocumentedEntryHasTheDocumentedCanonicalFormAndHash() {
        assertThat(DOCUMENTED.canonical()).isEqualTo("palisade-ledger-entry|v1|1:1|24:2025-03-01T09:15:02.120Z"
                + "|11:storage-kek|1:2|11:dek-decrypt|9:epoch-dek|15:service:gateway|7:success|0:|1:1|64:" + "0".repeat(64));
        assertThat(DOCUMENTED.hash()).isEqualTo("56880f0aeb11bd238636e6d3e426f1c0eefeaebede6dd1063f731bb0d5aa3b31");
        assertThat(DOCUMENTED.toJson()).isEqualTo("{\"type\":\"entry\",\"seq\":1,\"time\":\"2025-03-01T09:15:02.120Z\","
                + "\"key\":\"storage-kek\",\"version\":2,\"operation\":\"dek-decrypt\",\"purpose\":\"epoch-dek\","
                + "\"principal\":\"service:gateway\",\"outcome\":\"success\",\"detail\":\"\",\"count\":1,"
                + "\"prev\":\"" + "0".repeat(64) + "\",\"hash\":\"56880f0aeb11bd238636e6d3e426f1c0eefeaebede6dd1063f731bb0d5aa3b31\"}");
    }

    @Test
    void linesReadBackAsWritten() {
        LedgerCheckpoint checkpoint = LedgerCheckpoint.signed(1, "2025-03-01T09:15:03.000Z", DOCUMENTED.hash(), new byte[] {1, 2});
        LedgerHeader header = LedgerHeader.of(new byte[] {3, 4}, "2025-03-02T00:00:00.000Z");

        assertThat(LedgerLine.parse(DOCUMENTED.toJson())).isEqualTo(DOCUMENTED);
        assertThat(LedgerLine.parse(checkpoint.toJson())).isEqualTo(checkpoint);
        assertThat(LedgerLine.parse(header.toJson())).isEqualTo(header);
        assertThat(header.certificateDer()).containsExactly(3, 4);
    }

    @Test
    void theLengthPrefixKeepsFieldsApartWhateverTheyContain() {
        LedgerEntry a = LedgerEntry.chained(1, DOCUMENTED.time(), "k", 1, "sign", "a|1:b", "service:x", "success", "", 1,
                LedgerFormat.ZERO_HASH);
        LedgerEntry b = LedgerEntry.chained(1, DOCUMENTED.time(), "k", 1, "sign", "a", "service:x", "success", "1:b|", 1,
                LedgerFormat.ZERO_HASH);

        assertThat(a.hash()).isNotEqualTo(b.hash());
    }

    @Test
    void lengthsCountUtf8Bytes() {
        LedgerEntry entry = LedgerEntry.chained(1, DOCUMENTED.time(), "k", 1, "sign", "café", "service:x", "success", "", 1,
                LedgerFormat.ZERO_HASH);

        assertThat(entry.canonical()).contains("|5:café|");
        assertThat(entry.hash()).isEqualTo(LedgerFormat.sha256Hex(entry.canonical().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theCheckpointMessageIsPlainAscii() {
        assertThat(new String(LedgerFormat.checkpointMessage(12, DOCUMENTED.hash(), "2025-03-01T09:15:03.000Z"),
                StandardCharsets.US_ASCII)).isEqualTo("palisade-ledger-checkpoint|v1|12|" + DOCUMENTED.hash()
                        + "|2025-03-01T09:15:03.000Z");
    }

    @Test
    void timesHaveOneSpelling() {
        assertThat(LedgerFormat.formatTime(Instant.parse("2025-03-01T09:15:02Z"))).isEqualTo("2025-03-01T09:15:02.000Z");
        assertThat(LedgerFormat.formatTime(Instant.parse("2025-03-01T09:15:02.123999Z"))).isEqualTo("2025-03-01T09:15:02.123Z");
        assertThatThrownBy(() -> LedgerFormat.parseTime("2025-03-01T09:15:02Z")).isInstanceOf(LedgerFormatException.class);
        assertThatThrownBy(() -> LedgerFormat.parseTime("2025-03-01T09:15:02.000+00:00")).isInstanceOf(LedgerFormatException.class);
        assertThatThrownBy(() -> LedgerFormat.parseTime("2025-02-30T09:15:02.000Z")).isInstanceOf(LedgerFormatException.class);
    }

    @Test
    void fieldValuesOutsideTheFormatAreRefused() {
        assertThatThrownBy(() -> entryWith("sign", "service:gateway", "success", "x\ny"))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> entryWith("export", "service:gateway", "success", ""))
                .hasMessageContaining("\"operation\" is one of");
        assertThatThrownBy(() -> entryWith("sign", "robot:r2", "success", "")).hasMessageContaining("principal");
        assertThatThrownBy(() -> entryWith("sign", "service:gateway", "maybe", "")).hasMessageContaining("outcome");
        assertThatThrownBy(() -> entryWith("sign", "service:gateway", "success", "x".repeat(201)))
                .hasMessageContaining("at most 200");
        assertThatThrownBy(() -> LedgerLine.parse(DOCUMENTED.toJson().replace("\"version\":2", "\"version\":0")))
                .hasMessageContaining("\"version\"");
        assertThatThrownBy(() -> LedgerLine.parse(DOCUMENTED.toJson().replace("\"prev\":\"0", "\"prev\":\"A")))
                .hasMessageContaining("\"prev\"");
        assertThatThrownBy(() -> LedgerLine.parse("{\"type\":\"note\"}")).hasMessageContaining("\"type\"");
    }

    private static LedgerEntry entryWith(String operation, String principal, String outcome, String detail) {
        return LedgerEntry.chained(1, DOCUMENTED.time(), "device-ca", 1, operation, "p", principal, outcome, detail, 1,
                LedgerFormat.ZERO_HASH);
    }
}
