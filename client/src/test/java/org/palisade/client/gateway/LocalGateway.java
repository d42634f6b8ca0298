// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.palisade.client.auth.LoginException;
import org.palisade.client.auth.OidcLogin;
import org.palisade.client.auth.RefreshingTokenSource;
import org.palisade.client.auth.Tokens;
import org.palisade.deploy.apps.QuarkusApp;
import org.palisade.deploy.keycloak.DemoUsers;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.deploy.tls.TlsTrust;

/**
 * One extra gateway process of the real local stack for this module's tests, started on first use
 * and stopped when the test JVM exits, so every test class shares it.
 */
public final class LocalGateway {

  static final String NAME = "client-test-gateway";

  private static LocalGateway instance;

  public final LocalStack stack;
  final QuarkusApp app;
  public final URI base;
  final SSLContext tls;
  final OidcLogin login;
  private final Map<String, String> passwords;

  private LocalGateway(LocalStack stack, QuarkusApp app) {
    this.stack = stack;
    this.app = app;
    this.base = URI.create(app.url());
    this.tls = TlsTrust.trusting(stack.certificateAuthority().caCertificate());
    this.login =
        new OidcLogin(
            URI.create(stack.keycloak().issuer()), OidcLogin.CLI_CLIENT_ID, tls, Clock.systemUTC());
    this.passwords = DemoUsers.passwords(stack.home());
  }

  public static synchronized LocalGateway get() {
    if (instance == null) {
      LocalStack stack = TestInfrastructure.get();
      QuarkusApp app = stack.additionalGateway(NAME, freePort());
      // a process of this name left by an earlier, killed test run is ours: end it first
      app.stop();
      app.prepare();
      app.start();
      Runtime.getRuntime().addShutdownHook(new Thread(app::stop, NAME + "-stop"));
      app.awaitReady();
      instance = new LocalGateway(stack, app);
    }
    return instance;
  }

  public OidcLogin login() {
    return login;
  }

  public Tokens tokensOf(String user) throws LoginException {
    return login.passwordGrant(user, passwords.get(user).toCharArray());
  }

  RefreshingTokenSource tokenSourceOf(String user) throws LoginException {
    return new RefreshingTokenSource(login, tokensOf(user), tokens -> {});
  }

  GatewayClient clientOf(String user) throws LoginException {
    return new GatewayClient(base, tls, tokenSourceOf(user));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
