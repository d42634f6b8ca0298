// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidMessageException;

/** Turns stored bytes back into libsignal objects; bytes libsignal rejects mean a corrupt store. */
final class LibsignalRecords {

  @FunctionalInterface
  interface Parser<T> {
    T parse(byte[] serialized) throws InvalidMessageException, InvalidKeyException;
  }

  private LibsignalRecords() {}

  static <T> T parse(byte[] serialized, Parser<T> parser) {
    try {
      return parser.parse(serialized);
    } catch (InvalidMessageException | InvalidKeyException | RuntimeException e) {
      // authentic (it opened) but not what libsignal wrote: a bug, or a store from an incompatible SDK
      throw new StoreException(StoreException.Reason.CORRUPT, "a stored libsignal record is unreadable", e);
    }
  }
}
