// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RevocationListTest {

  // as the gateway's RevokedCertificatesResponse serializes
  private static final String GATEWAY_ANSWER =
      """
      {"certificates": [
        {"serialNumber": "8c0b9ed1f04a2b6e7d1c3f5a9b2e4d60", "revokedAt": "2026-05-30T08:15:00.123456Z"},
        {"serialNumber": "c0b9ed1f04a2b6e7d1c3f5a9b2e4d6", "revokedAt": "2026-05-31T09:00:00Z"}
      ]}
      """;

  @Test
  void readsTheGatewaysAnswer() {
    RevocationList list = RevocationList.parse(GATEWAY_ANSWER);

    assertThat(list.size()).isEqualTo(2);
    assertThat(list.isRevoked(new BigInteger("8c0b9ed1f04a2b6e7d1c3f5a9b2e4d60", 16))).isTrue();
    assertThat(list.isRevoked("c0b9ed1f04a2b6e7d1c3f5a9b2e4d6")).isTrue();
    assertThat(list.isRevoked("c0b9ed1f04a2b6e7d1c3f5a9b2e4d7")).isFalse();
    assertThat(list.isRevoked(BigInteger.ONE)).isFalse();
  }

  @Test
  void comparesSerialsAsNumbersSoOpensslsFormMatches() {
    RevocationList list = RevocationList.parse(GATEWAY_ANSWER);

    // openssl x509 -serial: upper case, padded to whole bytes
    assertThat(list.isRevoked("00C0B9ED1F04A2B6E7D1C3F5A9B2E4D6")).isTrue();
  }

  @Test
  void anEmptyListRevokesNothing() {
    RevocationList list = RevocationList.parse("{\"certificates\":[]}");

    assertThat(list.size()).isZero();
    assertThat(list.isRevoked("1")).isFalse();
  }

  @Test
  void ignoresFieldsANewerGatewayMayAdd() {
    RevocationList list =
        RevocationList.parse(
            "{\"certificates\":[{\"serialNumber\":\"ab\",\"revokedAt\":\"2026-05-31T09:00:00Z\","
                + "\"reason\":\"lost\"}],\"generatedAt\":\"2026-06-01T00:00:00Z\"}");

    assertThat(list.isRevoked("ab")).isTrue();
  }

  @Test
  void aDocumentWithoutTheListIsRefusedNotReadAsNothingRevoked() {
    assertRefused("{}");
    assertRefused("{\"certificates\": null}");
    assertRefused("null");
    assertRefused("{\"certficates\": []}");
  }

  @Test
  void refusesMalformedEntries() {
    assertRefused("{\"certificates\": [null]}");
    assertRefused("{\"certificates\": [{\"revokedAt\": \"2026-05-31T09:00:00Z\"}]}");
    assertRefused("{\"certificates\": [{\"serialNumber\": \"not hex\"}]}");
    assertRefused("{\"certificates\": [{\"serialNumber\": \"\"}]}");
    assertRefused("{\"certificates\": [{\"serialNumber\": \"-1f\"}]}");
    assertRefused("{\"certificates\": [{\"serialNumber\": \"ab\", \"revokedAt\": \"yesterday\"}]}");
  }

  @Test
  void refusesTextThatIsNotTheDocument() {
    assertRefused("");
    assertRefused("<html>502 Bad Gateway</html>");
    assertRefused("[]");
    assertRefused("{\"certificates\": []} {\"certificates\": []}");
  }

  @Test
  void keepsTheInputOutOfTheMessage() {
    assertThatThrownBy(() -> RevocationList.parse("{\"certificates\": [{\"serialNumber\": secret-token"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token"));
  }

  private static void assertRefused(String json) {
    assertThatThrownBy(() -> RevocationList.parse(json)).isInstanceOf(IllegalArgumentException.class);
  }
}
