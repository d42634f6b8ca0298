// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.palisade.deploy.keycloak.DemoUsers;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.deploy.tls.TlsTrust;

/** Logging in at the local stack's real Keycloak with the palisade-cli client. */
class OidcLoginTest {

  private static URI issuer;
  private static SSLContext tls;
  private static Map<String, String> passwords;
  private static OidcLogin login;

  @BeforeAll
  static void stack() {
    LocalStack stack = TestInfrastructure.get();
    issuer = URI.create(stack.keycloak().issuer());
    tls = TlsTrust.trusting(stack.certificateAuthority().caCertificate());
    passwords = DemoUsers.passwords(stack.home());
    login = new OidcLogin(issuer, OidcLogin.CLI_CLIENT_ID, tls, Clock.systemUTC());
  }

  @Test
  void passwordGrantForAlice() throws Exception {
    Instant before = Instant.now();
    Tokens tokens = login.passwordGrant("alice", passwords.get("alice").toCharArray());

    JsonNode claims = claims(tokens.accessToken());
    assertThat(claims.path("preferred_username").asText()).isEqualTo("alice");
    assertThat(claims.path("iss").asText()).isEqualTo(issuer.toString());
    assertThat(claims.path("azp").asText()).isEqualTo("palisade-cli");
    assertThat(claims.path("aud").toString()).contains("gateway");
    // the demo realm: access tokens live 5 minutes, the SSO session idles out after 30
    assertThat(tokens.accessExpires())
        .isCloseTo(before.plusSeconds(300), within(10, ChronoUnit.SECONDS));
    assertThat(tokens.refreshExpires())
        .isCloseTo(before.plusSeconds(1800), within(10, ChronoUnit.SECONDS));
    assertThat(Instant.ofEpochSecond(claims.path("exp").asLong()))
        .isCloseTo(tokens.accessExpires(), within(5, ChronoUnit.SECONDS));
    assertThat(tokens.refreshToken()).isNotBlank();
    assertThat(tokens.toString())
        .doesNotContain(tokens.accessToken())
        .doesNotContain(tokens.refreshToken())
        .startsWith("Tokens[accessExpires=");
  }

  @Test
  void refreshGivesANewAccessTokenForTheSameUser() throws Exception {
    Tokens first = login.passwordGrant("bob", passwords.get("bob").toCharArray());

    Tokens second = login.refresh(first);

    assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
    assertThat(second.refreshToken()).isNotBlank();
    assertThat(claims(second.accessToken()).path("sub").asText())
        .isEqualTo(claims(first.accessToken()).path("sub").asText());
    assertThat(claims(second.accessToken()).path("preferred_username").asText()).isEqualTo("bob");
    assertThat(second.accessExpires()).isAfterOrEqualTo(first.accessExpires());
  }

  @Test
  void wrongPasswordIsRefusedWithAClearReason() throws Exception {
    String wrong = "not-" + passwords.get("carol");

    assertThatThrownBy(() -> login.passwordGrant("carol", wrong.toCharArray()))
        .isInstanceOfSatisfying(
            LoginException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(LoginException.Reason.INVALID_CREDENTIALS);
              assertThat(e.error()).isEqualTo("invalid_grant");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "login failed: the username or password is wrong, or the account may not log"
                          + " in (invalid_grant: Invalid user credentials)");
              assertThat(e.getMessage()).doesNotContain(wrong);
            });
    // a good login afterwards resets Keycloak's brute-force counter
    assertThat(login.passwordGrant("carol", passwords.get("carol").toCharArray()).accessToken())
        .isNotBlank();
  }

  @Test
  void deviceAuthorizationGivesAUserCodeAndIsPendingUntilConfirmed() throws Exception {
    Instant before = Instant.now();
    DeviceCode code = login.deviceAuthorization();

    assertThat(code.userCode()).matches("[A-Z]{4}-[A-Z]{4}");
    assertThat(code.verificationUri()).isEqualTo(URI.create(issuer + "/device"));
    assertThat(code.verificationUriComplete())
        .isEqualTo(URI.create(issuer + "/device?user_code=" + code.userCode()));
    assertThat(code.interval()).hasSeconds(5);
    assertThat(code.expiresAt()).isCloseTo(before.plusSeconds(600), within(10, ChronoUnit.SECONDS));

    DeviceTokenPoll poll = login.pollDeviceTokenOnce(code);
    assertThat(poll.status()).isEqualTo(DeviceTokenPoll.Status.PENDING);
    assertThat(poll.tokens()).isEmpty();
  }

  @Test
  void deviceGrantConfirmedInTheBrowserGivesTokensForThatUser() throws Exception {
    DeviceCode code = login.deviceAuthorization();
    String page =
        new KeycloakBrowser(tls)
            .confirm(code.verificationUriComplete(), "alice", passwords.get("alice"), true);
    assertThat(page).contains("Device Login Successful");

    Tokens tokens = login.pollDeviceToken(code);

    assertThat(claims(tokens.accessToken()).path("preferred_username").asText()).isEqualTo("alice");
    assertThat(tokens.refreshToken()).isNotBlank();
    // the same device code cannot be used twice
    assertThatThrownBy(() -> login.pollDeviceTokenOnce(code))
        .isInstanceOfSatisfying(
            LoginException.class,
            e -> assertThat(e.reason()).isEqualTo(LoginException.Reason.DEVICE_CODE_EXPIRED));
  }

  @Test
  void deviceGrantDeclinedInTheBrowserIsAccessDenied() throws Exception {
    DeviceCode code = login.deviceAuthorization();
    new KeycloakBrowser(tls)
        .confirm(code.verificationUriComplete(), "bob", passwords.get("bob"), false);

    assertThatThrownBy(() -> login.pollDeviceToken(code))
        .isInstanceOfSatisfying(
            LoginException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(LoginException.Reason.ACCESS_DENIED);
              assertThat(e.error()).isEqualTo("access_denied");
            });
  }

  private static JsonNode claims(String jwt) throws Exception {
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
  }
}
