// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The 32-byte key a store is opened with: derived from the user's passphrase with Argon2id, or handed
 * over by a host app that keeps its own key (for example in the platform keystore). The store derives
 * its sealing and naming subkeys from it and never writes it anywhere.
 *
 * <p>{@link #destroy()} overwrites the bytes; the JVM may still hold copies it made on its own, so
 * this narrows the window rather than closing it.
 */
public final class StoreKey implements Destroyable {

  /** Length of the key, and of a host key. */
  public static final int LENGTH = 32;

  /** Shortest salt accepted: 128 bits, as RFC 9106 recommends. */
  static final int MIN_SALT_LENGTH = 16;

  private final byte[] bytes;
  private volatile boolean destroyed;

  private StoreKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Derives the key from a passphrase with Argon2id at {@link Argon2Settings#DEFAULT} (64 MiB, 3
   * iterations, 1 lane). The passphrase is encoded as UTF-8; the caller's array is not modified.
   *
   * @param salt at least 16 random bytes, kept next to the store
   */
  public static StoreKey fromPassphrase(char[] passphrase, byte[] salt) {
    return fromPassphrase(passphrase, salt, Argon2Settings.DEFAULT);
  }

  /** As {@link #fromPassphrase(char[], byte[])} with explicit cost parameters (tests use cheap ones). */
  static StoreKey fromPassphrase(char[] passphrase, byte[] salt, Argon2Settings settings) {
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(settings, "settings");
    if (salt.length < MIN_SALT_LENGTH) {
      throw new IllegalArgumentException("salt must be at least " + MIN_SALT_LENGTH + " bytes");
    }
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(settings.memoryKiB())
            .withIterations(settings.iterations())
            .withParallelism(settings.parallelism())
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] encoded = utf8(passphrase);
    byte[] key = new byte[LENGTH];
    try {
      generator.generateBytes(encoded, key);
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
    return new StoreKey(key);
  }

  /**
   * Wraps a 32-byte key supplied by the host app. The bytes are copied; the caller may wipe its array
   * afterwards.
   */
  public static StoreKey fromBytes(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("a store key is " + LENGTH + " bytes");
    }
    return new StoreKey(key.clone());
  }

  /** A copy of the key bytes; the caller wipes it when done. */
  byte[] copyBytes() {
    if (destroyed) {
      throw new IllegalStateException("the store key has been destroyed");
    }
    return bytes.clone();
  }

  /** Overwrites the key. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "StoreKey[redacted]";
  }

  private static byte[] utf8(char[] passphrase) {
    // without a String, so the passphrase can be wiped from every buffer we made
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer buffer;
    try {
      buffer = encoder.encode(CharBuffer.wrap(passphrase));
    } catch (CharacterCodingException e) {
      // a lone surrogate: refuse rather than derive from a lossy encoding
      throw new IllegalArgumentException("the passphrase is not valid Unicode");
    }
    byte[] encoded = new byte[buffer.remaining()];
    buffer.get(encoded);
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    }
    return encoded;
  }
}
