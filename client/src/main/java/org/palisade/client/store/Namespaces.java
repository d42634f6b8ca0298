// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

/**
 * The namespaces the SDK's own stores use. Other SDK state (tokens, profile settings, group state)
 * goes into namespaces of its own through the generic {@link ClientStore} API; names starting with
 * {@code signal/} or {@code history}, and {@value ClientStore#META_NAMESPACE}, are taken.
 */
final class Namespaces {

  /** The device's identity key pair and registration id ({@link PersistentIdentityStore}). */
  static final String LOCAL_IDENTITY = "signal/local-identity";

  /** Per remote address: its identity key and verification status. */
  static final String REMOTE_IDENTITY = "signal/identity";

  static final String PRE_KEY = "signal/pre-key";
  static final String SIGNED_PRE_KEY = "signal/signed-pre-key";
  static final String KYBER_PRE_KEY = "signal/kyber-pre-key";

  /** (Kyber id, signed prekey id, base key) triples seen with last-resort Kyber prekeys. */
  static final String KYBER_PRE_KEY_USE = "signal/kyber-pre-key-use";

  static final String SESSION = "signal/session";
  static final String SENDER_KEY = "signal/sender-key";

  /** Prefix of one namespace per conversation ({@link HistoryStore}). */
  static final String HISTORY_PREFIX = "history/";

  /** Envelope ids already processed ({@link HistoryStore#markSeen}). */
  static final String SEEN_ENVELOPE = "history-seen";

  private Namespaces() {}
}
