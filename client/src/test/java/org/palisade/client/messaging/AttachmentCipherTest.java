// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AttachmentCipherTest {

  private final AttachmentCipher cipher = new AttachmentCipher(new SecureRandom());
  private final byte[] file = "quarterly figures, confidential".getBytes(StandardCharsets.UTF_8);

  @Test
  void roundTripsWithAFreshKeyEachTime() {
    AttachmentCipher.Sealed first = cipher.encrypt(file);
    AttachmentCipher.Sealed second = cipher.encrypt(file);
    assertThat(first.key()).isNotEqualTo(second.key());
    assertThat(new String(first.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("confidential");
    assertThat(cipher.decrypt(first.ciphertext(), first.key(), first.digest())).isEqualTo(file);
  }

  @Test
  void refusesAChangedCutOrSwappedBlob() {
    AttachmentCipher.Sealed sealed = cipher.encrypt(file);
    byte[] changed = sealed.ciphertext().clone();
    changed[20] ^= 1;
    assertThatThrownBy(() -> cipher.decrypt(changed, sealed.key(), sealed.digest()))
        .isInstanceOf(AttachmentTamperedException.class);
    byte[] cut = Arrays.copyOf(sealed.ciphertext(), sealed.ciphertext().length - 1);
    assertThatThrownBy(() -> cipher.decrypt(cut, sealed.key(), sealed.digest()))
        .isInstanceOf(AttachmentTamperedException.class);
    AttachmentCipher.Sealed other = cipher.encrypt(file);
    assertThatThrownBy(() -> cipher.decrypt(other.ciphertext(), sealed.key(), sealed.digest()))
        .isInstanceOf(AttachmentTamperedException.class);
    // right digest, wrong key: the tag fails
    assertThatThrownBy(() -> cipher.decrypt(sealed.ciphertext(), other.key(), sealed.digest()))
        .isInstanceOf(AttachmentTamperedException.class);
  }
}
