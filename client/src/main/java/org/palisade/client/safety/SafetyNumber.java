// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.signal.libsignal.protocol.fingerprint.Fingerprint;
import org.signal.libsignal.protocol.fingerprint.FingerprintParsingException;
import org.signal.libsignal.protocol.fingerprint.FingerprintVersionMismatchException;
import org.signal.libsignal.protocol.fingerprint.NumericFingerprintGenerator;
import org.signal.libsignal.protocol.fingerprint.ScannableFingerprint;

/**
 * The safety number two users compare, out loud or by scanning a code, to confirm that no one sits
 * between them. Both sides compute the same 60 digits; the scannable form differs per side and is checked
 * with {@link #matchesScanned(byte[])}.
 */
public final class SafetyNumber {

  /** Hash iterations; the value Signal's clients use, so numbers are comparable with libsignal's tests. */
  static final int ITERATIONS = 5200;

  /** Scannable format version: 2 hashes the stable user ids together with the identity keys. */
  static final int SCANNABLE_VERSION = 2;

  static final int DIGITS = 60;
  static final int GROUP_SIZE = 5;

  private final String digits;
  private final ScannableFingerprint scannable;

  private SafetyNumber(String digits, ScannableFingerprint scannable) {
    this.digits = digits;
    this.scannable = scannable;
  }

  /** Computes the safety number as {@code local} sees their conversation with {@code remote}. */
  public static SafetyNumber between(Participant local, Participant remote) {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remote, "remote");
    Fingerprint fingerprint =
        new NumericFingerprintGenerator(ITERATIONS)
            .createFor(
                SCANNABLE_VERSION,
                local.stableIdentifier(),
                local.identityKey(),
                remote.stableIdentifier(),
                remote.identityKey());
    String digits = fingerprint.getDisplayableFingerprint().getDisplayText();
    if (digits.length() != DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // libsignal's contract; anything else is a bug, and showing it to users would be worse
      throw new IllegalStateException("libsignal returned a safety number of an unexpected shape");
    }
    return new SafetyNumber(digits, fingerprint.getScannableFingerprint());
  }

  /** The 60 digits, without separators; the same on both sides. */
  public String digits() {
    return digits;
  }

  /** The digits in 12 groups of 5, the unit people read out to each other. */
  public List<String> groups() {
    List<String> groups = new ArrayList<>(DIGITS / GROUP_SIZE);
    for (int i = 0; i < DIGITS; i += GROUP_SIZE) {
      groups.add(digits.substring(i, i + GROUP_SIZE));
    }
    return List.copyOf(groups);
  }

  /** The groups separated by single spaces, for display. */
  public String displayText() {
    return String.join(" ", groups());
  }

  /** The bytes to encode in this side's QR code (a copy). */
  public byte[] scannable() {
    // libsignal hands out its own array; a caller writing into it would change what we compare against
    return scannable.getSerialized().clone();
  }

  /**
   * Whether a code scanned from the peer's screen was computed from the same two identities. Uses
   * libsignal's comparison, which checks that their local half is our remote half and vice versa; equal
   * bytes would mean the code came from our own screen.
   *
   * @return false when the code belongs to another pair of identities (a changed key or a third party)
   * @throws UnreadableSafetyNumberException when the bytes cannot be compared at all
   */
  public boolean matchesScanned(byte[] theirScannable) throws UnreadableSafetyNumberException {
    Objects.requireNonNull(theirScannable, "theirScannable");
    try {
      return scannable.compareTo(theirScannable);
    } catch (FingerprintVersionMismatchException e) {
      throw new UnreadableSafetyNumberException(UnreadableSafetyNumberException.Reason.OTHER_VERSION, e);
    } catch (FingerprintParsingException e) {
      throw new UnreadableSafetyNumberException(UnreadableSafetyNumberException.Reason.MALFORMED, e);
    }
  }

  @Override
  public String toString() {
    // derived from user ids and keys: keep it out of logs
    return "SafetyNumber[redacted]";
  }
}
