// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import org.signal.libsignal.protocol.SignalProtocolAddress;

/**
 * A remote address as a record name: {@code deviceId/name}. The device id comes first because it
 * cannot contain the separator, so any name (which may) still decodes unambiguously.
 */
record AddressKey(String name, int deviceId) {

  static AddressKey of(SignalProtocolAddress address) {
    return new AddressKey(address.getName(), address.getDeviceId());
  }

  static AddressKey decode(String encoded) {
    int separator = encoded.indexOf('/');
    if (separator <= 0) {
      throw new StoreException(StoreException.Reason.CORRUPT, "a stored address is malformed");
    }
    try {
      return new AddressKey(
          encoded.substring(separator + 1), Integer.parseInt(encoded.substring(0, separator)));
    } catch (NumberFormatException e) {
      throw new StoreException(StoreException.Reason.CORRUPT, "a stored address is malformed", e);
    }
  }

  String encode() {
    return deviceId + "/" + name;
  }

  SignalProtocolAddress toAddress() {
    return new SignalProtocolAddress(name, deviceId);
  }
}
