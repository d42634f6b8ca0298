// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.palisade.hsm.custody.CustodyException.Reason;

/** The wrapped DEK's binary form, without a token. */
class WrappedDekTest {

    private static final byte[] IV = HexFormat.of().parseHex("000102030405060708090a0b");
    private static final byte[] CIPHERTEXT = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1");

    @Test
    void theBinaryFormIsTheDocumentedLayout() {
        byte[] bytes = new WrappedDek(258, IV, CIPHERTEXT).toBytes();

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("01" + "00000102" + "000102030405060708090a0b" + "0012"
                + "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1");
        assertThat(WrappedDek.fromBytes(bytes)).isEqualTo(new WrappedDek(258, IV, CIPHERTEXT));
    }

    @Test
    void anythingButTheExactFormIsInvalidInput() {
        byte[] bytes = new WrappedDek(1, IV, CIPHERTEXT).toBytes();
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 2;
        byte[] versionZero = bytes.clone();
        versionZero[4] = 0;
        byte[] negativeVersion = bytes.clone();
        negativeVersion[1] = (byte) 0x80;
        byte[] longerThanItSays = Arrays.copyOf(bytes, bytes.length + 1);
        byte[] emptyCiphertext = Arrays.copyOf(bytes, 19);
        emptyCiphertext[18] = 0;

        for (byte[] bad : new byte[][] {null, new byte[0], Arrays.copyOf(bytes, 18),
                Arrays.copyOf(bytes, bytes.length - 1), longerThanItSays, otherFormat, versionZero, negativeVersion,
                emptyCiphertext}) {
            assertThatThrownBy(() -> WrappedDek.fromBytes(bad))
                    .as(bad == null ? "null" : HexFormat.of().formatHex(bad))
                    .asInstanceOf(type(CustodyException.class))
                    .extracting(CustodyException::reason).isEqualTo(Reason.INVALID_INPUT);
        }
    }

    @Test
    void theRecordRejectsAWrongShape() {
        for (Runnable bad : new Runnable[] {
                () -> new WrappedDek(0, IV, CIPHERTEXT),
                () -> new WrappedDek(1, new byte[11], CIPHERTEXT),
                () -> new WrappedDek(1, null, CIPHERTEXT),
                () -> new WrappedDek(1, IV, new byte[0]),
                () -> new WrappedDek(1, IV, new byte[WrappedDek.MAX_CIPHERTEXT_BYTES + 1])}) {
            assertThatThrownBy(bad::run)
                    .asInstanceOf(type(CustodyException.class))
                    .extracting(CustodyException::reason).isEqualTo(Reason.INVALID_INPUT);
        }
    }

    @Test
    void itHoldsCopiesSoNeitherSideCanChangeIt() {
        byte[] iv = IV.clone();
        byte[] ciphertext = CIPHERTEXT.clone();
        WrappedDek wrapped = new WrappedDek(1, iv, ciphertext);
        iv[0] = 9;
        ciphertext[0] = 9;
        wrapped.iv()[1] = 9;
        wrapped.ciphertext()[1] = 9;

        assertThat(wrapped).isEqualTo(new WrappedDek(1, IV, CIPHERTEXT));
        assertThat(wrapped.hashCode()).isEqualTo(new WrappedDek(1, IV, CIPHERTEXT).hashCode());
        assertThat(wrapped.toString()).doesNotContain("a0a1").contains("storage-kek/1");
    }
}
