// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

/**
 * Cost parameters of Argon2id (RFC 9106, version 0x13) for turning a passphrase into the store key.
 * They are recorded in the store header, so a store keeps opening with the parameters it was created
 * with even after the defaults change.
 *
 * @param memoryKiB memory per derivation, in KiB
 * @param iterations passes over the memory
 * @param parallelism lanes
 */
record Argon2Settings(int memoryKiB, int iterations, int parallelism) {

  /**
   * 64 MiB, 3 passes, 1 lane: RFC 9106's second recommended option with a single lane, about a second
   * or less on a current laptop or phone, and what every store created by the SDK uses.
   */
  static final Argon2Settings DEFAULT = new Argon2Settings(64 * 1024, 3, 1);

  /** Upper bounds checked before deriving, so a doctored header cannot make opening exhaust memory. */
  static final int MAX_MEMORY_KIB = 1024 * 1024;

  static final int MAX_ITERATIONS = 64;
  static final int MAX_PARALLELISM = 16;

  Argon2Settings {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException("Argon2 parallelism out of range");
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("Argon2 iterations out of range");
    }
    if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException("Argon2 memory out of range");
    }
  }
}
