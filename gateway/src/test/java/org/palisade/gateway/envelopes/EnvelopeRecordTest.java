// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnvelopeRecordTest {

    private final EnvelopeRecord record = new EnvelopeRecord(UUID.randomUUID(), Instant.ofEpochMilli(1_764_000_000_123L),
            UUID.randomUUID(), "ålice", 3, UUID.randomUUID(), 127, MessageType.PREKEY, new byte[] {1, 2, 3, 4});

    @Test
    void roundTripsEveryField() {
        EnvelopeRecord back = EnvelopeRecord.fromBytes(record.toBytes());
        assertThat(back.id()).isEqualTo(record.id());
        assertThat(back.serverTime()).isEqualTo(record.serverTime());
        assertThat(back.senderUserId()).isEqualTo(record.senderUserId());
        assertThat(back.senderUsername()).isEqualTo("ålice");
        assertThat(back.senderDevice()).isEqualTo(3);
        assertThat(back.recipientUserId()).isEqualTo(record.recipientUserId());
        assertThat(back.recipientDevice()).isEqualTo(127);
        assertThat(back.type()).isEqualTo(MessageType.PREKEY);
        assertThat(back.content()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void refusesTruncatedExtendedAndUnknownForms() {
        byte[] bytes = record.toBytes();
        assertThatThrownBy(() -> EnvelopeRecord.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvelopeRecord.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvelopeRecord.fromBytes(Arrays.copyOf(bytes, 20))).isInstanceOf(IllegalArgumentException.class);
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 2;
        assertThatThrownBy(() -> EnvelopeRecord.fromBytes(otherFormat)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itsTextFormNamesNoOne() {
        assertThat(record.toString()).doesNotContain(record.id().toString(), record.senderUserId().toString(), "ålice");
    }
}
