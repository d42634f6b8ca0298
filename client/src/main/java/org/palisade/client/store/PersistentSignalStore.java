// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.groups.state.SenderKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignalProtocolStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * Everything libsignal keeps, persisted in one {@link ClientStore}: the facade to hand to {@code
 * SessionBuilder}, {@code SessionCipher}, {@code GroupSessionBuilder} and {@code GroupCipher}. Each
 * method delegates to {@link #identities()}, {@link #preKeys()}, {@link #sessions()} or {@link
 * #senderKeys()}, which document the behaviour.
 *
 * <p>libsignal's ciphers are not thread-safe: run every cipher operation for a remote address under
 * {@link AddressLocks#withLock}. To commit a decrypted message together with the ratchet state that
 * decrypted it, run the decrypt and the history write in one {@link ClientStore#inTransaction}
 * (address lock first, transaction inside).
 */
public final class PersistentSignalStore implements SignalProtocolStore {

  private final PersistentIdentityStore identities;
  private final PersistentPreKeyStore preKeys;
  private final PersistentSessionStore sessions;
  private final PersistentSenderKeyStore senderKeys;

  public PersistentSignalStore(ClientStore store) {
    Objects.requireNonNull(store, "store");
    this.identities = new PersistentIdentityStore(store);
    this.preKeys = new PersistentPreKeyStore(store);
    this.sessions = new PersistentSessionStore(store);
    this.senderKeys = new PersistentSenderKeyStore(store);
  }

  public PersistentIdentityStore identities() {
    return identities;
  }

  public PersistentPreKeyStore preKeys() {
    return preKeys;
  }

  public PersistentSessionStore sessions() {
    return sessions;
  }

  public PersistentSenderKeyStore senderKeys() {
    return senderKeys;
  }

  // --- identity (and the verification state the messenger needs) ---

  /** See {@link PersistentIdentityStore#initialise}. */
  public void initialise(IdentityKeyPair identityKeyPair, int registrationId) {
    identities.initialise(identityKeyPair, registrationId);
  }

  /** See {@link PersistentIdentityStore#identityState}. */
  public Optional<IdentityState> identityState(SignalProtocolAddress address) {
    return identities.identityState(address);
  }

  /** See {@link PersistentIdentityStore#markVerified}. */
  public void markVerified(SignalProtocolAddress address, IdentityKey identityKey) {
    identities.markVerified(address, identityKey);
  }

  /** See {@link PersistentIdentityStore#markUnverified}. */
  public void markUnverified(SignalProtocolAddress address) {
    identities.markUnverified(address);
  }

  /** See {@link PersistentIdentityStore#acceptNewIdentity}. */
  public void acceptNewIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
    identities.acceptNewIdentity(address, identityKey);
  }

  @Override
  public IdentityKeyPair getIdentityKeyPair() {
    return identities.getIdentityKeyPair();
  }

  @Override
  public int getLocalRegistrationId() {
    return identities.getLocalRegistrationId();
  }

  @Override
  public IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
    return identities.saveIdentity(address, identityKey);
  }

  @Override
  public boolean isTrustedIdentity(
      SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
    return identities.isTrustedIdentity(address, identityKey, direction);
  }

  @Override
  public IdentityKey getIdentity(SignalProtocolAddress address) {
    return identities.getIdentity(address);
  }

  // --- one-time prekeys ---

  @Override
  public PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
    return preKeys.loadPreKey(preKeyId);
  }

  @Override
  public void storePreKey(int preKeyId, PreKeyRecord record) {
    preKeys.storePreKey(preKeyId, record);
  }

  @Override
  public boolean containsPreKey(int preKeyId) {
    return preKeys.containsPreKey(preKeyId);
  }

  @Override
  public void removePreKey(int preKeyId) {
    preKeys.removePreKey(preKeyId);
  }

  // --- signed prekeys ---

  @Override
  public SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
    return preKeys.loadSignedPreKey(signedPreKeyId);
  }

  @Override
  public List<SignedPreKeyRecord> loadSignedPreKeys() {
    return preKeys.loadSignedPreKeys();
  }

  @Override
  public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
    preKeys.storeSignedPreKey(signedPreKeyId, record);
  }

  @Override
  public boolean containsSignedPreKey(int signedPreKeyId) {
    return preKeys.containsSignedPreKey(signedPreKeyId);
  }

  @Override
  public void removeSignedPreKey(int signedPreKeyId) {
    preKeys.removeSignedPreKey(signedPreKeyId);
  }

  // --- Kyber prekeys ---

  @Override
  public KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException {
    return preKeys.loadKyberPreKey(kyberPreKeyId);
  }

  @Override
  public List<KyberPreKeyRecord> loadKyberPreKeys() {
    return preKeys.loadKyberPreKeys();
  }

  @Override
  public void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
    preKeys.storeKyberPreKey(kyberPreKeyId, record);
  }

  /** See {@link PersistentPreKeyStore#storeLastResortKyberPreKey}. */
  public void storeLastResortKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
    preKeys.storeLastResortKyberPreKey(kyberPreKeyId, record);
  }

  @Override
  public boolean containsKyberPreKey(int kyberPreKeyId) {
    return preKeys.containsKyberPreKey(kyberPreKeyId);
  }

  @Override
  public void markKyberPreKeyUsed(int kyberPreKeyId, int signedPreKeyId, ECPublicKey baseKey)
      throws ReusedBaseKeyException {
    preKeys.markKyberPreKeyUsed(kyberPreKeyId, signedPreKeyId, baseKey);
  }

  // --- sessions ---

  @Override
  public SessionRecord loadSession(SignalProtocolAddress address) {
    return sessions.loadSession(address);
  }

  @Override
  public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses)
      throws NoSessionException {
    return sessions.loadExistingSessions(addresses);
  }

  @Override
  public List<Integer> getSubDeviceSessions(String name) {
    return sessions.getSubDeviceSessions(name);
  }

  @Override
  public void storeSession(SignalProtocolAddress address, SessionRecord record) {
    sessions.storeSession(address, record);
  }

  @Override
  public boolean containsSession(SignalProtocolAddress address) {
    return sessions.containsSession(address);
  }

  @Override
  public void deleteSession(SignalProtocolAddress address) {
    sessions.deleteSession(address);
  }

  @Override
  public void deleteAllSessions(String name) {
    sessions.deleteAllSessions(name);
  }

  // --- sender keys ---

  @Override
  public void storeSenderKey(
      SignalProtocolAddress sender, UUID distributionId, SenderKeyRecord record) {
    senderKeys.storeSenderKey(sender, distributionId, record);
  }

  @Override
  public SenderKeyRecord loadSenderKey(SignalProtocolAddress sender, UUID distributionId) {
    return senderKeys.loadSenderKey(sender, distributionId);
  }
}
