// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.trust;

import java.time.Instant;
import java.util.UUID;
import org.palisade.client.safety.Participant;
import org.signal.libsignal.protocol.IdentityKey;

/**
 * A peer device whose certificate {@link DeviceCertificateVerifier} accepted: the organisation vouches that
 * {@link #identityKey()} belongs to device {@link #deviceId()} of the user {@link #userId()}. Only the
 * verifier creates these.
 */
public final class VerifiedDevice {

  private final UUID userId;
  private final String username;
  private final int deviceId;
  private final IdentityKey identityKey;
  private final String serialNumber;
  private final Instant notAfter;

  VerifiedDevice(
      UUID userId,
      String username,
      int deviceId,
      IdentityKey identityKey,
      String serialNumber,
      Instant notAfter) {
    this.userId = userId;
    this.username = username;
    this.deviceId = deviceId;
    this.identityKey = identityKey;
    this.serialNumber = serialNumber;
    this.notAfter = notAfter;
  }

  /** The user's stable id (the certificate subject's UID), the id safety numbers are computed over. */
  public UUID userId() {
    return userId;
  }

  /** The username in the certificate subject's CN. */
  public String username() {
    return username;
  }

  /** The device id, 1..127. */
  public int deviceId() {
    return deviceId;
  }

  /** The certified libsignal identity key. */
  public IdentityKey identityKey() {
    return identityKey;
  }

  /**
   * The certificate's serial number as the revocation list publishes it: lowercase hex, no leading
   * zeros.
   */
  public String serialNumber() {
    return serialNumber;
  }

  /** The end of the certificate's validity; verify again after it. */
  public Instant notAfter() {
    return notAfter;
  }

  /** This device's user and identity key as the remote side of a safety number. */
  public Participant participant() {
    return new Participant(userId, identityKey);
  }

  @Override
  public String toString() {
    // user ids, usernames and keys stay out of logs
    return "VerifiedDevice[deviceId=" + deviceId + ", redacted]";
  }
}
