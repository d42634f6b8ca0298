// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RFC 8628 polling rules against a scripted provider, with a clock the sleeper moves. */
class DeviceFlowPollingTest {

  private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

  private FakeOidcProvider provider;
  private MutableClock clock;
  private OidcLogin login;
  private final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void start() {
    provider = new FakeOidcProvider();
    clock = new MutableClock(START);
    login = new OidcLogin(provider.issuer(), OidcLogin.CLI_CLIENT_ID, null, clock);
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  private OidcLogin.Sleeper sleeper() {
    return duration -> {
      sleeps.add(duration);
      clock.advance(duration);
    };
  }

  private DeviceCode authorize(int interval, int expiresIn) throws LoginException {
    provider.deviceAuthorizationJson =
        "{\"device_code\":\"secret-device-code\",\"user_code\":\"WDJB-MJHT\","
            + "\"verification_uri\":\"https://sso.example/device\","
            + "\"verification_uri_complete\":\"https://sso.example/device?user_code=WDJB-MJHT\","
            + "\"expires_in\":"
            + expiresIn
            + ",\"interval\":"
            + interval
            + "}";
    return login.deviceAuthorization();
  }

  @Test
  void deviceAuthorizationIsParsedAndHidesTheDeviceCode() throws Exception {
    DeviceCode code = authorize(2, 600);

    assertThat(code.userCode()).isEqualTo("WDJB-MJHT");
    assertThat(code.verificationUri()).isEqualTo(URI.create("https://sso.example/device"));
    assertThat(code.verificationUriComplete())
        .isEqualTo(URI.create("https://sso.example/device?user_code=WDJB-MJHT"));
    assertThat(code.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(code.expiresAt()).isEqualTo(START.plusSeconds(600));
    assertThat(code.deviceCode()).isEqualTo("secret-device-code");
    assertThat(code.toString()).contains("WDJB-MJHT").doesNotContain("secret-device-code");
  }

  @Test
  void pendingThenSlowDownThenGranted() throws Exception {
    DeviceCode code = authorize(2, 600);
    provider.replyToToken(400, FakeOidcProvider.error("authorization_pending"));
    provider.replyToToken(400, FakeOidcProvider.error("slow_down"));
    provider.replyToToken(400, FakeOidcProvider.error("authorization_pending"));
    provider.replyToToken(200, FakeOidcProvider.tokens("access-1", "refresh-1", 300, 1800));

    Tokens tokens = login.pollDeviceToken(code, sleeper());

    // waits the interval before each poll; slow_down adds 5 s for every later poll
    assertThat(sleeps)
        .containsExactly(
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofSeconds(7),
            Duration.ofSeconds(7));
    assertThat(provider.tokenRequests).hasSize(4);
    assertThat(provider.tokenRequests.get(0))
        .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
        .containsEntry("client_id", "palisade-cli")
        .containsEntry("device_code", "secret-device-code");
    Instant granted = START.plusSeconds(18);
    assertThat(tokens.accessToken()).isEqualTo("access-1");
    assertThat(tokens.refreshToken()).isEqualTo("refresh-1");
    assertThat(tokens.accessExpires()).isEqualTo(granted.plusSeconds(300));
    assertThat(tokens.refreshExpires()).isEqualTo(granted.plusSeconds(1800));
    assertThat(tokens.toString()).doesNotContain("access-1").doesNotContain("refresh-1");
  }

  @Test
  void expiredTokenFromTheProviderEndsTheLogin() throws Exception {
    DeviceCode code = authorize(5, 600);
    provider.replyToToken(400, FakeOidcProvider.error("authorization_pending"));
    provider.replyToToken(400, FakeOidcProvider.error("expired_token"));

    assertThatThrownBy(() -> login.pollDeviceToken(code, sleeper()))
        .isInstanceOfSatisfying(
            LoginException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(LoginException.Reason.DEVICE_CODE_EXPIRED);
              assertThat(e.error()).isEqualTo("expired_token");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "login failed: the code was not confirmed in time; start the login again"
                          + " (expired_token: scripted expired_token)");
            });
    assertThat(provider.tokenRequests).hasSize(2);
  }

  @Test
  void stopsPollingWhenTheCodeRunsOutLocally() throws Exception {
    DeviceCode code = authorize(2, 5);
    for (int i = 0; i < 5; i++) {
      provider.replyToToken(400, FakeOidcProvider.error("authorization_pending"));
    }

    assertThatThrownBy(() -> login.pollDeviceToken(code, sleeper()))
        .isInstanceOfSatisfying(
            LoginException.class,
            e -> assertThat(e.reason()).isEqualTo(LoginException.Reason.DEVICE_CODE_EXPIRED));
    // polls at 2 s and 4 s, then waits out the last second and does not poll after expiry
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1));
    assertThat(provider.tokenRequests).hasSize(2);
  }

  @Test
  void accessDeniedIsReported() throws Exception {
    DeviceCode code = authorize(1, 600);
    provider.replyToToken(400, FakeOidcProvider.error("authorization_pending"));
    provider.replyToToken(400, FakeOidcProvider.error("access_denied"));

    assertThatThrownBy(() -> login.pollDeviceToken(code, sleeper()))
        .isInstanceOfSatisfying(
            LoginException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(LoginException.Reason.ACCESS_DENIED);
              assertThat(e.getMessage()).contains("the login was declined in the browser");
              assertThat(e.getMessage()).doesNotContain("secret-device-code");
            });
  }

  @Test
  void interruptionEndsPollingAndKeepsTheFlag() throws Exception {
    DeviceCode code = authorize(1, 600);
    try {
      assertThatThrownBy(
              () ->
                  login.pollDeviceToken(
                      code,
                      duration -> {
                        throw new InterruptedException();
                      }))
          .isInstanceOfSatisfying(
              LoginException.class,
              e -> assertThat(e.reason()).isEqualTo(LoginException.Reason.INTERRUPTED));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(provider.tokenRequests).isEmpty();
  }

  @Test
  void discoveryForAnotherIssuerIsRefused() {
    provider.announcedIssuer = "https://evil.example/realms/test";

    assertThatThrownBy(() -> login.deviceAuthorization())
        .isInstanceOfSatisfying(
            LoginException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(LoginException.Reason.UNEXPECTED_RESPONSE);
              assertThat(e.getMessage()).contains("discovery names another issuer");
            });
  }

  @Test
  void plainHttpIsOnlyAcceptedOnLoopback() {
    assertThatThrownBy(
            () ->
                new OidcLogin(
                    URI.create("http://sso.example/realms/x"),
                    OidcLogin.CLI_CLIENT_ID,
                    null,
                    clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
