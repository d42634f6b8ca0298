// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.palisade.client.gateway.CertifiedDevice;
import org.palisade.client.gateway.DeviceBundle;
import org.palisade.client.gateway.GatewayClient;
import org.palisade.client.gateway.GatewayException;
import org.palisade.client.gateway.RevokedCertificate;
import org.palisade.client.trust.DeviceCertificateVerifier;
import org.palisade.client.trust.RevocationList;
import org.palisade.client.trust.UntrustedDeviceException;
import org.palisade.client.trust.VerifiedDevice;

/**
 * The devices a message may go to or come from: only those whose certificate chains to the pinned
 * organisation root, names the user and device, carries the identity key in use, and is not revoked. The
 * revocation list is fetched at most every {@value #REVOCATIONS_FRESH_SECONDS} seconds.
 */
final class TrustedDevices {

  static final long REVOCATIONS_FRESH_SECONDS = 30;

  private final GatewayClient gateway;
  private final DeviceCertificateVerifier verifier;
  private final Clock clock;
  private RevocationList revocations;
  private Instant revocationsFetched = Instant.MIN;
  private final java.util.Map<String, Listing> listings = new java.util.HashMap<>();

  private record Listing(Instant fetched, List<CertifiedDevice> devices) {}

  TrustedDevices(GatewayClient gateway, DeviceCertificateVerifier verifier, Clock clock) {
    this.gateway = gateway;
    this.verifier = verifier;
    this.clock = clock;
  }

  /** A device of a bundle, checked; the bundle's identity key is the one its certificate carries. */
  VerifiedDevice verify(String username, DeviceBundle bundle) throws GatewayException, UntrustedDeviceException {
    return verifier.verify(Base64.getDecoder().decode(bundle.certificate()), username, bundle.deviceId(),
        Base64.getDecoder().decode(bundle.identityKey()), revocations());
  }

  /** A live device of a user as the gateway lists it, checked. */
  VerifiedDevice verify(String username, CertifiedDevice device) throws GatewayException, UntrustedDeviceException {
    return verifier.verify(device.certificateDer(), username, device.deviceId(), device.identityKeyBytes(),
        revocations());
  }

  /**
   * The user's live devices, each checked; a device whose certificate does not verify is left out (and
   * reported in {@code refused}), so nothing is ever encrypted to it.
   */
  List<Verified> liveDevices(String username, List<String> refused) throws GatewayException {
    List<Verified> devices = new ArrayList<>();
    for (CertifiedDevice device : certified(username, true)) {
      try {
        devices.add(new Verified(device, verify(username, device)));
      } catch (UntrustedDeviceException e) {
        refused.add(username + " device " + device.deviceId() + ": " + e.getMessage());
      }
    }
    return devices;
  }

  /**
   * The certified device a message claims to come from, checked against the identity key the message (or its
   * session) carries.
   *
   * @throws UntrustedDeviceException when the sender's device is unknown, revoked or not certified for that key
   */
  VerifiedDevice sender(String username, int deviceId, byte[] identityKey) throws GatewayException, UntrustedDeviceException {
    for (CertifiedDevice device : certified(username, false)) {
      if (device.deviceId() == deviceId) {
        return verifier.verify(device.certificateDer(), username, deviceId, identityKey, revocations());
      }
    }
    // the list may predate a device registered since: look again once before refusing
    for (CertifiedDevice device : certified(username, true)) {
      if (device.deviceId() == deviceId) {
        return verifier.verify(device.certificateDer(), username, deviceId, identityKey, revocations());
      }
    }
    throw new UntrustedDeviceException(UntrustedDeviceException.Reason.REVOKED,
        "the sending device is not a live device of its user (revoked or never registered)");
  }

  /**
   * A user's live certified devices: always fresh when sending (the gateway insists on the current list
   * anyway), and reused for {@value #REVOCATIONS_FRESH_SECONDS} seconds when checking senders of a burst.
   */
  private synchronized List<CertifiedDevice> certified(String username, boolean fresh) throws GatewayException {
    Instant now = clock.instant();
    Listing listing = listings.get(username);
    if (fresh || listing == null
        || Duration.between(listing.fetched(), now).getSeconds() >= REVOCATIONS_FRESH_SECONDS) {
      listing = new Listing(now, gateway.certifiedDevices(username));
      listings.put(username, listing);
    }
    return listing.devices();
  }

  private synchronized RevocationList revocations() throws GatewayException {
    Instant now = clock.instant();
    if (revocations == null || Duration.between(revocationsFetched, now).getSeconds() >= REVOCATIONS_FRESH_SECONDS) {
      List<String> serials = new ArrayList<>();
      for (RevokedCertificate revoked : gateway.revokedCertificates()) {
        serials.add(revoked.serialNumber());
      }
      revocations = RevocationList.of(serials);
      revocationsFetched = now;
    }
    return revocations;
  }

  /** A live device and what its certificate proves. */
  record Verified(CertifiedDevice device, VerifiedDevice proof) {}
}
