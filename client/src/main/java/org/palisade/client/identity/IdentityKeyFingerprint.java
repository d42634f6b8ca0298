// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.signal.libsignal.protocol.IdentityKey;

/**
 * A short, printable name for a public identity key: the lowercase hex of SHA-256 over libsignal's
 * serialized form (type byte and 32 key bytes). Lets scripts and admins refer to a key without handling
 * the key itself.
 */
public record IdentityKeyFingerprint(String hex) {

  private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{64}");

  public IdentityKeyFingerprint {
    Objects.requireNonNull(hex, "hex");
    if (!SHAPE.matcher(hex).matches()) {
      throw new IllegalArgumentException("a fingerprint is 64 lowercase hex digits");
    }
  }

  public static IdentityKeyFingerprint of(IdentityKey key) {
    Objects.requireNonNull(key, "key");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.serialize());
      return new IdentityKeyFingerprint(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      // every Java SE runtime must provide SHA-256
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return hex;
  }
}
