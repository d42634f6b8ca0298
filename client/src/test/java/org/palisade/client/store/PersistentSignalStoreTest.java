// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.groups.GroupSessionBuilder;
import org.signal.libsignal.protocol.groups.state.SenderKeyRecord;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.state.IdentityKeyStore.Direction;
import org.signal.libsignal.protocol.state.IdentityKeyStore.IdentityChange;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/** Every libsignal store method against the persistent store, reopened from disk where it matters. */
class PersistentSignalStoreTest {

  private static final SignalProtocolAddress BOB_1 = new SignalProtocolAddress("bob", 1);
  private static final SignalProtocolAddress BOB_2 = new SignalProtocolAddress("bob", 2);
  private static final SignalProtocolAddress BOB_3 = new SignalProtocolAddress("bob", 3);
  private static final SignalProtocolAddress CAROL_1 = new SignalProtocolAddress("carol", 1);

  @TempDir Path temp;

  private ClientStore store;
  private PersistentSignalStore signal;

  @BeforeEach
  void createStore() {
    store = StoreFixtures.create(temp.resolve("profile"));
    signal = new PersistentSignalStore(store);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private void reopen() {
    store.close();
    store = StoreFixtures.open(temp.resolve("profile"));
    signal = new PersistentSignalStore(store);
  }

  @Test
  void localIdentityIsWrittenOnceAtSetUp() {
    IdentityKeyPair identity = IdentityKeyPair.generate();
    assertThat(signal.identities().isInitialised()).isFalse();
    assertThatThrownBy(signal::getIdentityKeyPair).isInstanceOf(IllegalStateException.class);

    signal.initialise(identity, 1234);
    signal.initialise(identity, 1234);
    reopen();

    assertThat(signal.identities().isInitialised()).isTrue();
    assertThat(signal.getIdentityKeyPair().serialize()).isEqualTo(identity.serialize());
    assertThat(signal.getLocalRegistrationId()).isEqualTo(1234);
    assertThatThrownBy(() -> signal.initialise(IdentityKeyPair.generate(), 1234))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> signal.initialise(identity, 16381))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void remoteIdentitiesAreTrustedOnFirstUseAndChangesOfUnverifiedOnesReported() {
    IdentityKey first = IdentityKeyPair.generate().getPublicKey();
    IdentityKey second = IdentityKeyPair.generate().getPublicKey();

    assertThat(signal.getIdentity(BOB_1)).isNull();
    assertThat(signal.identityState(BOB_1)).isEmpty();
    assertThat(signal.isTrustedIdentity(BOB_1, first, Direction.SENDING)).isTrue();
    assertThat(signal.saveIdentity(BOB_1, first)).isEqualTo(IdentityChange.NEW_OR_UNCHANGED);
    assertThat(signal.saveIdentity(BOB_1, first)).isEqualTo(IdentityChange.NEW_OR_UNCHANGED);
    reopen();

    assertThat(signal.getIdentity(BOB_1)).isEqualTo(first);
    assertThat(signal.identityState(BOB_1))
        .contains(new IdentityState(first, IdentityStatus.UNVERIFIED));
    assertThat(signal.isTrustedIdentity(BOB_1, second, Direction.SENDING)).isTrue();
    assertThat(signal.saveIdentity(BOB_1, second)).isEqualTo(IdentityChange.REPLACED_EXISTING);
    assertThat(signal.getIdentity(BOB_1)).isEqualTo(second);
    assertThat(signal.getIdentity(BOB_2)).isNull();
  }

  @Test
  void aChangedKeyOfAVerifiedDeviceIsNotTrustedForSendingUntilAccepted() {
    IdentityKey verified = IdentityKeyPair.generate().getPublicKey();
    IdentityKey replacement = IdentityKeyPair.generate().getPublicKey();
    signal.saveIdentity(BOB_1, verified);
    signal.markVerified(BOB_1, verified);
    reopen();

    assertThat(signal.identityState(BOB_1)).contains(new IdentityState(verified, IdentityStatus.VERIFIED));
    assertThat(signal.isTrustedIdentity(BOB_1, verified, Direction.SENDING)).isTrue();
    assertThat(signal.isTrustedIdentity(BOB_1, replacement, Direction.SENDING)).isFalse();
    // received messages still decrypt, and saving the new key stops sending
    assertThat(signal.isTrustedIdentity(BOB_1, replacement, Direction.RECEIVING)).isTrue();
    assertThat(signal.saveIdentity(BOB_1, replacement)).isEqualTo(IdentityChange.REPLACED_EXISTING);
    reopen();

    IdentityState changed = signal.identityState(BOB_1).orElseThrow();
    assertThat(changed)
        .isEqualTo(new IdentityState(replacement, IdentityStatus.CHANGED_AFTER_VERIFICATION));
    assertThat(changed.blocksSending()).isTrue();
    assertThat(signal.isTrustedIdentity(BOB_1, replacement, Direction.SENDING)).isFalse();
    assertThat(signal.isTrustedIdentity(BOB_1, verified, Direction.SENDING)).isFalse();

    signal.acceptNewIdentity(BOB_1, replacement);

    assertThat(signal.identityState(BOB_1))
        .contains(new IdentityState(replacement, IdentityStatus.UNVERIFIED));
    assertThat(signal.isTrustedIdentity(BOB_1, replacement, Direction.SENDING)).isTrue();
  }

  @Test
  void verificationCanBeWithdrawn() {
    IdentityKey key = IdentityKeyPair.generate().getPublicKey();
    signal.markVerified(CAROL_1, key);
    signal.markUnverified(CAROL_1);

    assertThat(signal.identityState(CAROL_1)).contains(new IdentityState(key, IdentityStatus.UNVERIFIED));
    IdentityKey other = IdentityKeyPair.generate().getPublicKey();
    assertThat(signal.isTrustedIdentity(CAROL_1, other, Direction.SENDING)).isTrue();
  }

  @Test
  void oneTimePreKeys() throws Exception {
    PreKeyRecord record = new PreKeyRecord(7, ECKeyPair.generate());
    assertThat(signal.containsPreKey(7)).isFalse();
    assertThatThrownBy(() -> signal.loadPreKey(7)).isInstanceOf(InvalidKeyIdException.class);

    signal.storePreKey(7, record);
    reopen();

    assertThat(signal.containsPreKey(7)).isTrue();
    assertThat(signal.loadPreKey(7).serialize()).isEqualTo(record.serialize());
    signal.removePreKey(7);
    assertThat(signal.containsPreKey(7)).isFalse();
  }

  @Test
  void signedPreKeys() throws Exception {
    IdentityKeyPair identity = IdentityKeyPair.generate();
    SignedPreKeyRecord first = signedPreKey(identity, 1);
    SignedPreKeyRecord second = signedPreKey(identity, 2);
    assertThatThrownBy(() -> signal.loadSignedPreKey(1)).isInstanceOf(InvalidKeyIdException.class);

    signal.storeSignedPreKey(1, first);
    signal.storeSignedPreKey(2, second);
    reopen();

    assertThat(signal.containsSignedPreKey(1)).isTrue();
    assertThat(signal.loadSignedPreKey(2).serialize()).isEqualTo(second.serialize());
    assertThat(signal.loadSignedPreKeys())
        .extracting(SignedPreKeyRecord::getId)
        .containsExactlyInAnyOrder(1, 2);
    signal.removeSignedPreKey(1);
    assertThat(signal.containsSignedPreKey(1)).isFalse();
    assertThat(signal.loadSignedPreKeys()).hasSize(1);
  }

  @Test
  void kyberPreKeysOneTimeAreRemovedWhenUsedLastResortOnesRefuseAReusedBaseKey() throws Exception {
    IdentityKeyPair identity = IdentityKeyPair.generate();
    KyberPreKeyRecord oneTime = kyberPreKey(identity, 10);
    KyberPreKeyRecord lastResort = kyberPreKey(identity, 11);
    assertThatThrownBy(() -> signal.loadKyberPreKey(10)).isInstanceOf(InvalidKeyIdException.class);

    signal.storeKyberPreKey(10, oneTime);
    signal.storeLastResortKyberPreKey(11, lastResort);
    reopen();

    assertThat(signal.containsKyberPreKey(10)).isTrue();
    assertThat(signal.loadKyberPreKey(11).serialize()).isEqualTo(lastResort.serialize());
    assertThat(signal.loadKyberPreKeys())
        .extracting(KyberPreKeyRecord::getId)
        .containsExactlyInAnyOrder(10, 11);
    assertThat(signal.preKeys().isLastResortKyberPreKey(10)).isFalse();
    assertThat(signal.preKeys().isLastResortKyberPreKey(11)).isTrue();

    var baseKey = ECKeyPair.generate().getPublicKey();
    var otherBaseKey = ECKeyPair.generate().getPublicKey();
    signal.markKyberPreKeyUsed(10, 1, baseKey);
    assertThat(signal.containsKyberPreKey(10)).isFalse();

    signal.markKyberPreKeyUsed(11, 1, baseKey);
    signal.markKyberPreKeyUsed(11, 1, otherBaseKey);
    signal.markKyberPreKeyUsed(11, 2, baseKey);
    reopen();
    assertThatThrownBy(() -> signal.markKyberPreKeyUsed(11, 1, baseKey))
        .isInstanceOf(ReusedBaseKeyException.class);
    assertThat(signal.containsKyberPreKey(11)).isTrue();

    // removing the signed prekey forgets the uses recorded with it
    signal.removeSignedPreKey(1);
    signal.markKyberPreKeyUsed(11, 1, baseKey);
    assertThatThrownBy(() -> signal.markKyberPreKeyUsed(11, 2, baseKey))
        .isInstanceOf(ReusedBaseKeyException.class);
    signal.preKeys().removeKyberPreKey(11);
    assertThat(signal.containsKyberPreKey(11)).isFalse();
    assertThat(store.entries(Namespaces.KYBER_PRE_KEY_USE)).isEmpty();
  }

  @Test
  void sessions() throws Exception {
    assertThat(signal.containsSession(BOB_1)).isFalse();
    assertThat(signal.loadSession(BOB_1).serialize()).isEqualTo(new SessionRecord().serialize());
    assertThatThrownBy(() -> signal.loadExistingSessions(List.of(BOB_1)))
        .isInstanceOf(NoSessionException.class);

    SessionRecord record = new SessionRecord();
    signal.storeSession(BOB_1, record);
    signal.storeSession(BOB_2, record);
    signal.storeSession(BOB_3, record);
    signal.storeSession(CAROL_1, record);
    signal.storeSession(new SignalProtocolAddress("bob/with.separators", 4), record);
    reopen();

    assertThat(signal.containsSession(BOB_1)).isTrue();
    assertThat(signal.loadExistingSessions(List.of(BOB_1, CAROL_1))).hasSize(2);
    assertThat(signal.getSubDeviceSessions("bob")).containsExactly(2, 3);
    assertThat(signal.sessions().sessionDeviceIds("bob")).containsExactly(1, 2, 3);
    assertThat(signal.sessions().sessionDeviceIds("bob/with.separators")).containsExactly(4);

    signal.deleteSession(BOB_2);
    assertThat(signal.containsSession(BOB_2)).isFalse();
    signal.deleteAllSessions("bob");
    assertThat(signal.sessions().sessionDeviceIds("bob")).isEmpty();
    assertThat(signal.containsSession(CAROL_1)).isTrue();
    assertThat(signal.sessions().sessionDeviceIds("bob/with.separators")).containsExactly(4);
  }

  @Test
  void senderKeys() throws Exception {
    UUID distribution = UUID.randomUUID();
    assertThat(signal.loadSenderKey(BOB_1, distribution)).isNull();
    new GroupSessionBuilder(signal).create(BOB_1, distribution);
    SenderKeyRecord created = signal.loadSenderKey(BOB_1, distribution);
    assertThat(created).isNotNull();
    reopen();

    assertThat(signal.loadSenderKey(BOB_1, distribution).serialize()).isEqualTo(created.serialize());
    assertThat(signal.loadSenderKey(BOB_2, distribution)).isNull();
    assertThat(signal.loadSenderKey(BOB_1, UUID.randomUUID())).isNull();
    signal.storeSenderKey(BOB_2, distribution, created);
    assertThat(signal.loadSenderKey(BOB_2, distribution).serialize()).isEqualTo(created.serialize());
  }

  static SignedPreKeyRecord signedPreKey(IdentityKeyPair identity, int id) {
    ECKeyPair keyPair = ECKeyPair.generate();
    byte[] signature = identity.getPrivateKey().calculateSignature(keyPair.getPublicKey().serialize());
    return new SignedPreKeyRecord(id, System.currentTimeMillis(), keyPair, signature);
  }

  static KyberPreKeyRecord kyberPreKey(IdentityKeyPair identity, int id) {
    KEMKeyPair keyPair = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
    byte[] signature = identity.getPrivateKey().calculateSignature(keyPair.getPublicKey().serialize());
    return new KyberPreKeyRecord(id, System.currentTimeMillis(), keyPair, signature);
  }
}
