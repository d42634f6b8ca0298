// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.palisade.client.auth.LoginException;
import org.palisade.client.auth.OidcLogin;
import org.palisade.client.auth.RefreshingTokenSource;
import org.palisade.client.auth.Tokens;
import org.palisade.client.device.DeviceProvisioning;
import org.palisade.client.gateway.Device;
import org.palisade.client.gateway.GatewayClient;
import org.palisade.client.gateway.GatewayException;
import org.palisade.client.gateway.Me;
import org.palisade.client.messaging.Messenger;
import org.palisade.client.messaging.Self;
import org.palisade.client.store.ClientStore;
import org.palisade.client.store.PersistentSignalStore;
import org.palisade.client.trust.DeviceCertificateVerifier;
import org.palisade.client.trust.PinnedRoot;

/**
 * One person's client on one device: the encrypted local store under {@code home/store} and, inside it (never
 * in a plain file), who the user is, this device's id and the SSO tokens. Everything the SDK needs is wired
 * here: the gateway client with refreshing tokens, the pinned organisation root, the messenger.
 */
public final class Profile implements AutoCloseable {

  private static final String NAMESPACE = "profile";
  private static final String IDENTITY = "identity";
  private static final String TOKENS = "tokens";
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  /** Who this profile is: the user and this device. */
  public record Identity(String username, UUID userId, int deviceId) {}

  private final ClientStore store;
  private final ClientConfig config;
  private final SSLContext tls;
  private final OidcLogin login;
  private final Clock clock = Clock.systemUTC();
  private RefreshingTokenSource tokens;
  private GatewayClient gateway;

  private Profile(ClientStore store, ClientConfig config) {
    this.store = store;
    this.config = config;
    this.tls = Tls.trusting(config.caFile());
    this.login = new OidcLogin(config.issuer(), OidcLogin.CLI_CLIENT_ID, tls, clock);
  }

  /** Opens an existing profile. @throws ProfileException when there is none (log in first) */
  public static Profile open(Path home, char[] passphrase, ClientConfig config) {
    if (!ClientStore.exists(store(home))) {
      throw new ProfileException("no profile in " + home + ": log in first");
    }
    return new Profile(ClientStore.open(store(home), passphrase), config);
  }

  /** Opens the profile, creating an empty store first if there is none. */
  public static Profile openOrCreate(Path home, char[] passphrase, ClientConfig config) {
    ClientStore store = ClientStore.exists(store(home)) ? ClientStore.open(store(home), passphrase)
        : ClientStore.create(store(home), passphrase);
    return new Profile(store, config);
  }

  private static Path store(Path home) {
    return home.resolve("store");
  }

  public OidcLogin login() {
    return login;
  }

  /**
   * Keeps freshly obtained tokens and, on this profile's first login, registers this device: the lowest free
   * device id, new keys, certified by the organisation.
   *
   * @return who this profile is now
   */
  public Identity signedIn(Tokens fresh) throws GatewayException, LoginException {
    saveTokens(fresh);
    tokens = new RefreshingTokenSource(login, fresh, this::saveTokens);
    gateway = new GatewayClient(config.gateway(), tls, tokens);
    Me me = gateway.me();
    Optional<Identity> existing = identity();
    if (existing.isPresent()) {
      if (!existing.get().userId().toString().equals(me.subject())) {
        throw new ProfileException("this profile belongs to another user: use another --home");
      }
      return existing.get();
    }
    int deviceId = freeDeviceId(gateway);
    provisioning().register(gateway, deviceId);
    Identity identity = new Identity(me.username(), UUID.fromString(me.subject()), deviceId);
    write(IDENTITY, identity);
    return identity;
  }

  public Optional<Identity> identity() {
    return read(IDENTITY, Identity.class);
  }

  public Identity requireIdentity() {
    return identity().orElseThrow(() -> new ProfileException("this profile has no device yet: log in first"));
  }

  /** The gateway, with the stored tokens (refreshed as needed). */
  public GatewayClient gateway() {
    if (gateway == null) {
      Tokens stored = read(TOKENS, Tokens.class)
          .orElseThrow(() -> new ProfileException("not logged in: run login"));
      tokens = new RefreshingTokenSource(login, stored, this::saveTokens);
      gateway = new GatewayClient(config.gateway(), tls, tokens);
    }
    return gateway;
  }

  public RefreshingTokenSource tokenSource() {
    gateway();
    return tokens;
  }

  public SSLContext tls() {
    return tls;
  }

  public ClientConfig config() {
    return config;
  }

  public ClientStore store() {
    return store;
  }

  public DeviceProvisioning provisioning() {
    return new DeviceProvisioning(store, new PersistentSignalStore(store), clock);
  }

  public Messenger messenger() {
    Identity identity = requireIdentity();
    DeviceCertificateVerifier verifier;
    try {
      verifier = new DeviceCertificateVerifier(PinnedRoot.load(config.orgRoot()), clock);
    } catch (IOException e) {
      throw new ProfileException("cannot read the organisation root " + config.orgRoot(), e);
    }
    return new Messenger(store, gateway(), verifier,
        new Self(identity.username(), identity.userId(), identity.deviceId()), clock, new SecureRandom());
  }

  private void saveTokens(Tokens fresh) {
    write(TOKENS, fresh);
  }

  private static int freeDeviceId(GatewayClient gateway) throws GatewayException {
    Set<Integer> taken = new HashSet<>();
    for (Device device : gateway.myDevices()) {
      if (device.live()) {
        taken.add(device.deviceId());
      }
    }
    for (int id = GatewayClient.MIN_DEVICE_ID; id <= GatewayClient.MAX_DEVICE_ID; id++) {
      if (!taken.contains(id)) {
        return id;
      }
    }
    throw new ProfileException("all 127 device ids are in use: revoke a device first");
  }

  private void write(String name, Object value) {
    try {
      store.put(NAMESPACE, name, JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new ProfileException("cannot save the profile", e);
    }
  }

  private <T> Optional<T> read(String name, Class<T> type) {
    byte[] bytes = store.get(NAMESPACE, name);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(bytes, type));
    } catch (IOException e) {
      throw new ProfileException("the profile's " + name + " record is unreadable", e);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
