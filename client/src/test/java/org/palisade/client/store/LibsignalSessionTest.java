// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.groups.GroupCipher;
import org.signal.libsignal.protocol.groups.GroupSessionBuilder;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SenderKeyDistributionMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/** Real libsignal sessions between two devices whose state lives in two persistent stores. */
class LibsignalSessionTest {

  private static final SignalProtocolAddress ALICE = new SignalProtocolAddress("alice", 1);
  private static final SignalProtocolAddress BOB = new SignalProtocolAddress("bob", 1);

  @TempDir Path temp;

  private Device alice;
  private Device bob;

  @AfterEach
  void closeStores() {
    for (Device device : new Device[] {alice, bob}) {
      if (device != null) {
        device.store.close();
      }
    }
  }

  @Test
  void aSessionContinuesAfterBothStoresAreReopenedFromDisk() throws Exception {
    alice = Device.create(temp.resolve("alice"), 101);
    bob = Device.create(temp.resolve("bob"), 202);
    PreKeyBundle bundle = bob.publishBundle(1, 2, 3);

    new SessionBuilder(alice.signal, BOB).process(bundle);
    CiphertextMessage first = new SessionCipher(alice.signal, BOB).encrypt(utf8("hello bob"));
    assertThat(first.getType()).isEqualTo(CiphertextMessage.PREKEY_TYPE);
    assertThat(bob.decrypt(ALICE, first)).isEqualTo("hello bob");
    // the one-time prekeys were consumed, the signed prekey kept
    assertThat(bob.signal.containsPreKey(1)).isFalse();
    assertThat(bob.signal.containsKyberPreKey(3)).isFalse();
    assertThat(bob.signal.containsSignedPreKey(2)).isTrue();

    CiphertextMessage reply = new SessionCipher(bob.signal, ALICE).encrypt(utf8("hi alice"));
    assertThat(alice.decrypt(BOB, reply)).isEqualTo("hi alice");

    alice = alice.reopen();
    bob = bob.reopen();

    for (int round = 0; round < 3; round++) {
      CiphertextMessage toBob = new SessionCipher(alice.signal, BOB).encrypt(utf8("a" + round));
      assertThat(toBob.getType()).isEqualTo(CiphertextMessage.WHISPER_TYPE);
      assertThat(bob.decrypt(ALICE, toBob)).isEqualTo("a" + round);
      bob = bob.reopen();
      CiphertextMessage toAlice = new SessionCipher(bob.signal, ALICE).encrypt(utf8("b" + round));
      assertThat(alice.decrypt(BOB, toAlice)).isEqualTo("b" + round);
      alice = alice.reopen();
    }
    assertThat(alice.signal.identityState(BOB).orElseThrow().status()).isEqualTo(IdentityStatus.UNVERIFIED);
    assertThat(alice.signal.getIdentity(BOB)).isEqualTo(bob.identity.getPublicKey());
  }

  @Test
  void aReplayedPreKeyMessageToALastResortKyberKeyIsRefused() throws Exception {
    alice = Device.create(temp.resolve("alice"), 101);
    bob = Device.create(temp.resolve("bob"), 202);
    PreKeyBundle bundle = bob.publishBundleWithLastResortKyber(2, 9);

    new SessionBuilder(alice.signal, BOB).process(bundle);
    CiphertextMessage first = new SessionCipher(alice.signal, BOB).encrypt(utf8("once"));
    assertThat(bob.decrypt(ALICE, first)).isEqualTo("once");
    bob = bob.reopen();
    // without the session, libsignal would set it up again from the replayed message
    bob.signal.deleteSession(ALICE);

    assertThatThrownBy(() -> bob.decrypt(ALICE, first)).isInstanceOf(ReusedBaseKeyException.class);
    assertThat(bob.signal.containsKyberPreKey(9)).isTrue();
  }

  @Test
  void sendingToAVerifiedContactWithANewKeyStopsUntilTheUserAccepts() throws Exception {
    alice = Device.create(temp.resolve("alice"), 101);
    bob = Device.create(temp.resolve("bob"), 202);
    new SessionBuilder(alice.signal, BOB).process(bob.publishBundle(1, 2, 3));
    assertThat(bob.decrypt(ALICE, new SessionCipher(alice.signal, BOB).encrypt(utf8("hi"))))
        .isEqualTo("hi");
    alice.signal.markVerified(BOB, bob.identity.getPublicKey());

    // Bob reinstalls: new identity, new prekeys, same address
    bob.store.close();
    bob = Device.create(temp.resolve("bob-reinstalled"), 303);
    PreKeyBundle newBundle = bob.publishBundle(11, 12, 13);

    // libsignal 0.86.5 names the address but not the key; the key is the bundle's
    assertThatThrownBy(() -> new SessionBuilder(alice.signal, BOB).process(newBundle))
        .isInstanceOf(UntrustedIdentityException.class);
    alice = alice.reopen();
    assertThat(alice.signal.identityState(BOB).orElseThrow().status()).isEqualTo(IdentityStatus.VERIFIED);

    alice.signal.acceptNewIdentity(BOB, newBundle.getIdentityKey());
    new SessionBuilder(alice.signal, BOB).process(newBundle);
    assertThat(bob.decrypt(ALICE, new SessionCipher(alice.signal, BOB).encrypt(utf8("again"))))
        .isEqualTo("again");
  }

  @Test
  void aVerifiedContactMessagingFromANewKeyIsReadButNotAnsweredUntilAccepted() throws Exception {
    alice = Device.create(temp.resolve("alice"), 101);
    bob = Device.create(temp.resolve("bob"), 202);
    new SessionBuilder(bob.signal, ALICE).process(alice.publishBundle(1, 2, 3));
    assertThat(alice.decrypt(BOB, new SessionCipher(bob.signal, ALICE).encrypt(utf8("hi"))))
        .isEqualTo("hi");
    alice.signal.markVerified(BOB, bob.identity.getPublicKey());

    bob.store.close();
    bob = Device.create(temp.resolve("bob-reinstalled"), 303);
    new SessionBuilder(bob.signal, ALICE).process(alice.publishBundle(21, 22, 23));
    assertThat(alice.decrypt(BOB, new SessionCipher(bob.signal, ALICE).encrypt(utf8("new phone"))))
        .isEqualTo("new phone");

    alice = alice.reopen();
    IdentityState state = alice.signal.identityState(BOB).orElseThrow();
    assertThat(state.status()).isEqualTo(IdentityStatus.CHANGED_AFTER_VERIFICATION);
    assertThat(state.key()).isEqualTo(bob.identity.getPublicKey());
    assertThatThrownBy(() -> new SessionCipher(alice.signal, BOB).encrypt(utf8("reply")))
        .isInstanceOf(UntrustedIdentityException.class);

    alice.signal.acceptNewIdentity(BOB, state.key());
    assertThat(bob.decrypt(ALICE, new SessionCipher(alice.signal, BOB).encrypt(utf8("reply"))))
        .isEqualTo("reply");
  }

  @Test
  void groupMessagesWithSenderKeysSurviveReopening() throws Exception {
    alice = Device.create(temp.resolve("alice"), 101);
    bob = Device.create(temp.resolve("bob"), 202);
    UUID distribution = UUID.randomUUID();
    SenderKeyDistributionMessage distributionMessage =
        new GroupSessionBuilder(alice.signal).create(ALICE, distribution);
    new GroupSessionBuilder(bob.signal).process(ALICE, distributionMessage);
    alice = alice.reopen();
    bob = bob.reopen();

    for (int i = 0; i < 3; i++) {
      CiphertextMessage message = new GroupCipher(alice.signal, ALICE).encrypt(distribution, utf8("g" + i));
      assertThat(new String(new GroupCipher(bob.signal, ALICE).decrypt(message.serialize()), UTF_8))
          .isEqualTo("g" + i);
      bob = bob.reopen();
    }
  }

  @Test
  void aTamperedSessionRecordSurfacesAsAStoreErrorThroughLibsignal() throws Exception {
    alice = Device.create(temp.resolve("alice"), 101);
    bob = Device.create(temp.resolve("bob"), 202);
    Path aliceDirectory = alice.store.directory();
    PreKeyBundle bundle = bob.publishBundle(1, 2, 3);
    alice.store.close();
    Set<String> before = rowIds(aliceDirectory);
    alice = alice.reopen();
    new SessionBuilder(alice.signal, BOB).process(bundle);
    alice.store.close();
    Set<String> written = rowIds(aliceDirectory);
    written.removeAll(before);
    // the rows the session set-up wrote, Bob's session and identity: flip a bit in each
    assertThat(written).hasSize(2);
    try (Connection db = StoreFixtures.rawDatabase(aliceDirectory);
        PreparedStatement select =
            db.prepareStatement("SELECT sealed FROM sealed_record WHERE RAWTOHEX(row_id) = ?");
        PreparedStatement update =
            db.prepareStatement("UPDATE sealed_record SET sealed = ? WHERE RAWTOHEX(row_id) = ?")) {
      for (String rowId : written) {
        select.setString(1, rowId);
        byte[] sealed;
        try (ResultSet result = select.executeQuery()) {
          assertThat(result.next()).isTrue();
          sealed = result.getBytes(1);
        }
        sealed[sealed.length / 2] ^= 0x01;
        update.setBytes(1, sealed);
        update.setString(2, rowId);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
    }
    alice = alice.reopen();

    assertThatThrownBy(() -> new SessionCipher(alice.signal, BOB).encrypt(utf8("hello")))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.TAMPERED));
  }

  private static Set<String> rowIds(Path directory) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection db = StoreFixtures.rawDatabase(directory);
        Statement statement = db.createStatement();
        ResultSet result = statement.executeQuery("SELECT RAWTOHEX(row_id) FROM sealed_record")) {
      while (result.next()) {
        ids.add(result.getString(1));
      }
    }
    return ids;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }

  /** One device: its store, and its identity for building bundles. */
  private static final class Device {
    final ClientStore store;
    final PersistentSignalStore signal;
    final IdentityKeyPair identity;
    final int registrationId;

    private Device(ClientStore store, IdentityKeyPair identity, int registrationId) {
      this.store = store;
      this.signal = new PersistentSignalStore(store);
      this.identity = identity;
      this.registrationId = registrationId;
    }

    static Device create(Path directory, int registrationId) {
      ClientStore store = StoreFixtures.create(directory);
      IdentityKeyPair identity = IdentityKeyPair.generate();
      Device device = new Device(store, identity, registrationId);
      device.signal.initialise(identity, registrationId);
      return device;
    }

    Device reopen() {
      Path directory = store.directory();
      store.close();
      ClientStore reopened = StoreFixtures.open(directory);
      PersistentSignalStore signal = new PersistentSignalStore(reopened);
      return new Device(reopened, signal.getIdentityKeyPair(), signal.getLocalRegistrationId());
    }

    PreKeyBundle publishBundle(int preKeyId, int signedPreKeyId, int kyberPreKeyId) {
      PreKeyRecord preKey = new PreKeyRecord(preKeyId, ECKeyPair.generate());
      SignedPreKeyRecord signedPreKey = PersistentSignalStoreTest.signedPreKey(identity, signedPreKeyId);
      KyberPreKeyRecord kyberPreKey = PersistentSignalStoreTest.kyberPreKey(identity, kyberPreKeyId);
      signal.storePreKey(preKeyId, preKey);
      signal.storeSignedPreKey(signedPreKeyId, signedPreKey);
      signal.storeKyberPreKey(kyberPreKeyId, kyberPreKey);
      return bundle(preKeyId, preKey, signedPreKey, kyberPreKey);
    }

    PreKeyBundle publishBundleWithLastResortKyber(int signedPreKeyId, int kyberPreKeyId) {
      SignedPreKeyRecord signedPreKey = PersistentSignalStoreTest.signedPreKey(identity, signedPreKeyId);
      KyberPreKeyRecord kyberPreKey = PersistentSignalStoreTest.kyberPreKey(identity, kyberPreKeyId);
      signal.storeSignedPreKey(signedPreKeyId, signedPreKey);
      signal.storeLastResortKyberPreKey(kyberPreKeyId, kyberPreKey);
      return bundle(PreKeyBundle.NULL_PRE_KEY_ID, null, signedPreKey, kyberPreKey);
    }

    private PreKeyBundle bundle(
        int preKeyId, PreKeyRecord preKey, SignedPreKeyRecord signedPreKey, KyberPreKeyRecord kyberPreKey) {
      try {
        return new PreKeyBundle(
            registrationId,
            1,
            preKeyId,
            preKey == null ? null : preKey.getKeyPair().getPublicKey(),
            signedPreKey.getId(),
            signedPreKey.getKeyPair().getPublicKey(),
            signedPreKey.getSignature(),
            identity.getPublicKey(),
            kyberPreKey.getId(),
            kyberPreKey.getKeyPair().getPublicKey(),
            kyberPreKey.getSignature());
      } catch (InvalidKeyException e) {
        throw new IllegalStateException(e);
      }
    }

    String decrypt(SignalProtocolAddress from, CiphertextMessage message) throws Exception {
      SessionCipher cipher = new SessionCipher(signal, from);
      byte[] plaintext =
          message.getType() == CiphertextMessage.PREKEY_TYPE
              ? cipher.decrypt(new PreKeySignalMessage(message.serialize()))
              : cipher.decrypt(new SignalMessage(message.serialize()));
      return new String(plaintext, UTF_8);
    }
  }
}
