// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.trust;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The organisation's revoked device certificates, from the gateway's {@code GET /v1/revoked-certificates}:
 * {@code {"certificates": [{"serialNumber": "<hex>", "revokedAt": "<RFC 3339>"}]}}.
 *
 * <p>Serial numbers are compared as numbers, so upper case and leading zeros (as {@code openssl x509
 * -serial} prints them) match the gateway's lowercase form. A document without a {@code certificates}
 * array is refused rather than read as "nothing revoked". Unknown fields are ignored, so a newer gateway
 * can add some.
 */
public final class RevocationList {

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,128}");

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** The gateway's {@code RevokedCertificatesResponse}. */
  record Document(List<Entry> certificates) {}

  /** The gateway's {@code RevokedCertificateResponse}. */
  record Entry(String serialNumber, Instant revokedAt) {}

  private final Set<BigInteger> serials;

  private RevocationList(Set<BigInteger> serials) {
    this.serials = Set.copyOf(serials);
  }

  /**
   * Parses the gateway's answer.
   *
   * @throws IllegalArgumentException when the text is not that document; treat the revocation state as
   *     unknown then, and trust no new device
   */
  public static RevocationList parse(String json) {
    Objects.requireNonNull(json, "json");
    Document document;
    try {
      document = JSON.readValue(json, Document.class);
    } catch (JacksonException e) {
      // fixed text: Jackson's message quotes the input
      throw new IllegalArgumentException("the revocation list is not valid JSON of the expected shape");
    }
    if (document == null || document.certificates() == null) {
      throw new IllegalArgumentException("the revocation list has no \"certificates\" array");
    }
    Set<BigInteger> serials = new HashSet<>();
    for (Entry entry : document.certificates()) {
      if (entry == null || entry.serialNumber() == null) {
        throw new IllegalArgumentException("a revocation list entry has no serial number");
      }
      serials.add(serial(entry.serialNumber()));
    }
    return new RevocationList(serials);
  }

  /**
   * The list from serial numbers in hex, as the SDK's gateway client returns them.
   *
   * @throws IllegalArgumentException for a serial number that is not hex
   */
  public static RevocationList of(Collection<String> hexSerials) {
    Set<BigInteger> serials = new HashSet<>();
    for (String hex : hexSerials) {
      if (hex == null) {
        throw new IllegalArgumentException("a revocation list entry has no serial number");
      }
      serials.add(serial(hex));
    }
    return new RevocationList(serials);
  }

  /** Whether the certificate with this serial number is revoked. */
  public boolean isRevoked(BigInteger serialNumber) {
    Objects.requireNonNull(serialNumber, "serialNumber");
    return serials.contains(serialNumber);
  }

  /**
   * Whether the certificate with this serial number (hex, either case, leading zeros allowed) is revoked.
   *
   * @throws IllegalArgumentException when the text is not a hex number
   */
  public boolean isRevoked(String serialNumber) {
    Objects.requireNonNull(serialNumber, "serialNumber");
    return serials.contains(serial(serialNumber));
  }

  /** How many certificates are revoked. */
  public int size() {
    return serials.size();
  }

  private static BigInteger serial(String hex) {
    if (!HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("a serial number is not a hex number");
    }
    return new BigInteger(hex, 16);
  }

  @Override
  public String toString() {
    return "RevocationList[" + serials.size() + " revoked]";
  }
}
