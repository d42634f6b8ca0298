// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The small JSON file next to the database ({@code store.header}): everything needed to derive the
 * store key and to check it before the database is touched. It holds no secret: the salt and the cost
 * parameters, a random store id (also sealed inside the database, so a database from another store is
 * noticed) and the key check value.
 *
 * @param argon2 cost parameters; null for a store opened with a host key
 * @param salt Argon2 salt; null for a store opened with a host key
 */
record StoreHeader(
    KeySource keySource, Argon2Settings argon2, byte[] salt, byte[] storeId, byte[] keyCheck) {

  static final int FORMAT = 1;
  static final int MAX_SIZE = 64 * 1024;
  static final int STORE_ID_LENGTH = 16;

  private static final int MAX_SALT_LENGTH = 64;
  private static final int MAX_KEY_CHECK_LENGTH = 256;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the store key comes from. */
  enum KeySource {
    PASSPHRASE("passphrase"),
    HOST_KEY("host-key");

    final String json;

    KeySource(String json) {
      this.json = json;
    }
  }

  StoreHeader {
    Objects.requireNonNull(keySource, "keySource");
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(keyCheck, "keyCheck");
    if ((keySource == KeySource.PASSPHRASE) != (argon2 != null && salt != null)) {
      throw new IllegalArgumentException("Argon2 parameters go with, and only with, a passphrase");
    }
  }

  /**
   * The header fields the key check is bound to, in a fixed encoding: a key check copied from another
   * header, or parameters edited after the fact, do not verify.
   */
  static byte[] binding(KeySource keySource, Argon2Settings argon2, byte[] salt, byte[] storeId) {
    StringBuilder text = new StringBuilder();
    text.append("format=").append(FORMAT).append(";key-source=").append(keySource.json);
    if (argon2 != null) {
      text.append(";argon2id;v=19;m=")
          .append(argon2.memoryKiB())
          .append(";t=")
          .append(argon2.iterations())
          .append(";p=")
          .append(argon2.parallelism())
          .append(";salt=")
          .append(Base64.getEncoder().encodeToString(salt));
    }
    text.append(";store-id=").append(Base64.getEncoder().encodeToString(storeId));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  byte[] binding() {
    return binding(keySource, argon2, salt, storeId);
  }

  byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("keySource", keySource.json);
    if (argon2 != null) {
      ObjectNode kdf = root.putObject("kdf");
      kdf.put("algorithm", "argon2id");
      kdf.put("version", 19);
      kdf.put("memoryKiB", argon2.memoryKiB());
      kdf.put("iterations", argon2.iterations());
      kdf.put("parallelism", argon2.parallelism());
      kdf.put("salt", Base64.getEncoder().encodeToString(salt));
    }
    root.put("storeId", Base64.getEncoder().encodeToString(storeId));
    root.put("keyCheck", Base64.getEncoder().encodeToString(keyCheck));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses a header file.
   *
   * @throws StoreException CORRUPT when it is not a well-formed header; UNSUPPORTED_VERSION when a
   *     newer SDK wrote it
   */
  static StoreHeader parse(byte[] json) {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || !root.isObject()) {
        throw malformed();
      }
      int format = integer(root, "format");
      if (format > FORMAT) {
        throw new StoreException(
            StoreException.Reason.UNSUPPORTED_VERSION, "the store was written by a newer SDK");
      }
      if (format != FORMAT) {
        throw malformed();
      }
      KeySource keySource = keySource(text(root, "keySource"));
      Argon2Settings argon2 = null;
      byte[] salt = null;
      if (keySource == KeySource.PASSPHRASE) {
        JsonNode kdf = root.get("kdf");
        if (kdf == null
            || !kdf.isObject()
            || !"argon2id".equals(text(kdf, "algorithm"))
            || integer(kdf, "version") != 19) {
          throw malformed();
        }
        argon2 =
            new Argon2Settings(
                integer(kdf, "memoryKiB"), integer(kdf, "iterations"), integer(kdf, "parallelism"));
        salt = base64(kdf, "salt", StoreKey.MIN_SALT_LENGTH, MAX_SALT_LENGTH);
      } else if (root.has("kdf")) {
        throw malformed();
      }
      byte[] storeId = base64(root, "storeId", STORE_ID_LENGTH, STORE_ID_LENGTH);
      byte[] keyCheck = base64(root, "keyCheck", 1, MAX_KEY_CHECK_LENGTH);
      return new StoreHeader(keySource, argon2, salt, storeId, keyCheck);
    } catch (StoreException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // unparseable JSON, or parameters out of range (Argon2Settings refuses them)
      throw malformed();
    }
  }

  private static KeySource keySource(String json) {
    for (KeySource source : KeySource.values()) {
      if (source.json.equals(json)) {
        return source;
      }
    }
    throw malformed();
  }

  private static int integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isInt()) {
      throw malformed();
    }
    return value.intValue();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw malformed();
    }
    return value.textValue();
  }

  private static byte[] base64(JsonNode node, String field, int minLength, int maxLength) {
    byte[] bytes = Base64.getDecoder().decode(text(node, field));
    if (bytes.length < minLength || bytes.length > maxLength) {
      throw malformed();
    }
    return bytes;
  }

  private static StoreException malformed() {
    return new StoreException(StoreException.Reason.CORRUPT, "the store header is malformed");
  }
}
