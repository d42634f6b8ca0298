// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The store's cryptography. From the store key it derives, with HKDF-SHA256, three independent
 * subkeys: one seals record values (AES-256-GCM), one names rows (HMAC-SHA256, so the database holds
 * no namespace or record name in the clear), one seals the header's key check value.
 *
 * <p>A sealed record is {@code 0x01 || IV (12 random bytes) || AES-GCM ciphertext and 16-byte tag}. Its
 * plaintext is {@code len(name) || name || len(value) || value}, zero-padded to a multiple of {@value
 * #PADDING} bytes so exact lengths do not show. The associated data binds it to its namespace and row,
 * so a value moved to another row or namespace fails to open.
 */
final class RecordSealer {

  static final int TAG_LENGTH = 32;
  static final int PADDING = 64;

  private static final byte FORMAT = 1;
  private static final int IV_LENGTH = 12;
  private static final int GCM_TAG_BITS = 128;
  private static final String AAD_LABEL = "palisade-client-store/v1/record";
  private static final String CHECK_LABEL = "palisade-client-store/v1/key-check";
  private static final byte[] CHECK_PLAINTEXT =
      "palisade client store: the key opens this store".getBytes(StandardCharsets.UTF_8);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec sealingKey;
  private final SecretKeySpec namingKey;
  private final SecretKeySpec checkKey;

  private RecordSealer(SecretKeySpec sealingKey, SecretKeySpec namingKey, SecretKeySpec checkKey) {
    this.sealingKey = sealingKey;
    this.namingKey = namingKey;
    this.checkKey = checkKey;
  }

  static RecordSealer from(StoreKey storeKey) {
    byte[] master = storeKey.copyBytes();
    try {
      return new RecordSealer(
          keySpec(master, "palisade-client-store/v1/sealing", "AES"),
          keySpec(master, "palisade-client-store/v1/naming", "HmacSHA256"),
          keySpec(master, "palisade-client-store/v1/key-check", "AES"));
    } finally {
      Arrays.fill(master, (byte) 0);
    }
  }

  /** The row tag for a namespace: which rows belong to it, without naming it. */
  byte[] namespaceTag(String namespace) {
    return hmac(lengthPrefixed("namespace", namespace));
  }

  /** The row id of a record: unique per (namespace, name), unlinkable to either without the key. */
  byte[] rowId(String namespace, String name) {
    return hmac(lengthPrefixed("record", namespace, name));
  }

  byte[] seal(String namespace, byte[] rowId, String name, byte[] value) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    int length = 4 + nameBytes.length + 4 + value.length;
    int padded = (length + PADDING - 1) / PADDING * PADDING;
    ByteBuffer plaintext = ByteBuffer.allocate(padded);
    plaintext.putInt(nameBytes.length).put(nameBytes).putInt(value.length).put(value);
    byte[] clear = plaintext.array();
    try {
      return encrypt(sealingKey, clear, recordAad(namespace, rowId));
    } finally {
      Arrays.fill(clear, (byte) 0);
    }
  }

  /**
   * Opens a sealed record found in row {@code rowId} of {@code namespace}.
   *
   * @throws StoreException TAMPERED when it does not authenticate or does not belong in that row
   */
  Opened open(String namespace, byte[] rowId, byte[] sealed) {
    byte[] clear;
    try {
      clear = decrypt(sealingKey, sealed, recordAad(namespace, rowId));
    } catch (AEADBadTagException | IllegalArgumentException e) {
      throw new StoreException(StoreException.Reason.TAMPERED, "a stored record failed authentication");
    }
    try {
      ByteBuffer buffer = ByteBuffer.wrap(clear);
      byte[] nameBytes = new byte[boundedLength(buffer)];
      buffer.get(nameBytes);
      byte[] value = new byte[boundedLength(buffer)];
      buffer.get(value);
      String name = new String(nameBytes, StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(rowId(namespace, name), rowId)) {
        // authentic, but written for another name: only a bug or a forged row could do this
        throw new StoreException(StoreException.Reason.TAMPERED, "a stored record is in the wrong row");
      }
      return new Opened(name, value);
    } catch (RuntimeException e) {
      if (e instanceof StoreException) {
        throw e;
      }
      throw new StoreException(StoreException.Reason.CORRUPT, "a stored record is malformed");
    } finally {
      Arrays.fill(clear, (byte) 0);
    }
  }

  /** The header's key check value: proof, checkable before any record is read, that a key is right. */
  byte[] keyCheck(byte[] headerBinding) {
    return encrypt(checkKey, CHECK_PLAINTEXT, checkAad(headerBinding));
  }

  boolean verifiesKeyCheck(byte[] keyCheck, byte[] headerBinding) {
    try {
      byte[] clear = decrypt(checkKey, keyCheck, checkAad(headerBinding));
      return MessageDigest.isEqual(clear, CHECK_PLAINTEXT);
    } catch (AEADBadTagException | IllegalArgumentException e) {
      return false;
    }
  }

  /** A record's name and value after opening. */
  record Opened(String name, byte[] value) {}

  private static byte[] recordAad(String namespace, byte[] rowId) {
    byte[] prefix = lengthPrefixed(AAD_LABEL, namespace);
    return ByteBuffer.allocate(prefix.length + rowId.length).put(prefix).put(rowId).array();
  }

  private static byte[] checkAad(byte[] headerBinding) {
    byte[] label = CHECK_LABEL.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(label.length + headerBinding.length).put(label).put(headerBinding).array();
  }

  private static int boundedLength(ByteBuffer buffer) {
    int length = buffer.getInt();
    if (length < 0 || length > buffer.remaining()) {
      throw new IllegalArgumentException("length out of range");
    }
    return length;
  }

  private static byte[] encrypt(SecretKeySpec key, byte[] plaintext, byte[] aad) {
    byte[] iv = new byte[IV_LENGTH];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, iv));
      cipher.updateAAD(aad);
      byte[] ciphertext = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(1 + IV_LENGTH + ciphertext.length)
          .put(FORMAT)
          .put(iv)
          .put(ciphertext)
          .array();
    } catch (GeneralSecurityException e) {
      // AES-GCM is part of every Java SE runtime
      throw new IllegalStateException(e);
    }
  }

  /**
   * @throws AEADBadTagException when the sealed bytes do not authenticate
   * @throws IllegalArgumentException when they are not sealed bytes at all
   */
  private static byte[] decrypt(SecretKeySpec key, byte[] sealed, byte[] aad)
      throws AEADBadTagException {
    if (sealed.length < 1 + IV_LENGTH + GCM_TAG_BITS / 8 || sealed[0] != FORMAT) {
      throw new IllegalArgumentException("not a sealed value");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BITS, sealed, 1, IV_LENGTH));
      cipher.updateAAD(aad);
      return cipher.doFinal(sealed, 1 + IV_LENGTH, sealed.length - 1 - IV_LENGTH);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] hmac(byte[] input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(namingKey);
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SecretKeySpec keySpec(byte[] master, String label, String algorithm) {
    byte[] key = subkey(master, label);
    try {
      return new SecretKeySpec(key, algorithm);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] subkey(byte[] master, String label) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(master, null, label.getBytes(StandardCharsets.UTF_8)));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, key.length);
    return key;
  }

  /** Each part as a 4-byte length and its UTF-8 bytes, so no two part lists encode alike. */
  private static byte[] lengthPrefixed(String... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }
}
