// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Logging in at the company SSO (an OpenID Connect provider; Keycloak in the reference deployment)
 * as a public client: the resource owner password grant for scripts and tests, the OAuth 2.0 device
 * authorization grant (RFC 8628) for people, and refreshing. Endpoints are discovered from {@code
 * issuer + /.well-known/openid-configuration} on first use.
 *
 * <p>Passwords and tokens go only into request bodies over TLS; no message or exception carries
 * them.
 */
public final class OidcLogin {

  /** The SSO client of the Palisade SDK and CLI (public, device and password grants enabled). */
  public static final String CLI_CLIENT_ID = "palisade-cli";

  /**
   * RFC 8628: the interval to use when the provider names none, and the step {@code slow_down}
   * adds.
   */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

  static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_DESCRIPTION = 160;

  /** Waits between two polls; tests pass one that advances a fake clock instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final URI issuer;
  private final String clientId;
  private final Clock clock;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private volatile Endpoints endpoints;

  /**
   * @param issuer the realm's issuer URL, e.g. {@code https://sso.example.com/realms/palisade};
   *     https, or http to a loopback address only
   * @param tls the trust for the provider's certificate (null for the JDK's default)
   */
  public OidcLogin(URI issuer, String clientId, SSLContext tls, Clock clock) {
    this.issuer = withoutTrailingSlash(Objects.requireNonNull(issuer, "issuer"));
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.clock = Objects.requireNonNull(clock, "clock");
    requireSecure(this.issuer);
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
  }

  public URI issuer() {
    return issuer;
  }

  public String clientId() {
    return clientId;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The resource owner password grant: for scripts, tests and the reference CLI's non-interactive
   * mode. The caller may clear {@code password} afterwards.
   */
  public Tokens passwordGrant(String username, char[] password) throws LoginException {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", clientId);
    form.put("scope", "openid");
    form.put("username", username);
    form.put("password", new String(password));
    return tokens(tokenRequest(form), Purpose.PASSWORD, null);
  }

  /** Starts a device authorization (RFC 8628 section 3.1): the codes to show the user. */
  public DeviceCode deviceAuthorization() throws LoginException {
    Endpoints endpoints = endpoints();
    if (endpoints.deviceAuthorization() == null) {
      throw new LoginException(
          LoginException.Reason.CLIENT_REFUSED,
          null,
          "the provider offers no device authorization endpoint",
          null);
    }
    Instant asked = clock.instant();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("scope", "openid");
    Answer answer = post(endpoints.deviceAuthorization(), form);
    if (answer.status() != 200) {
      throw refusal(answer, Purpose.DEVICE_AUTHORIZATION);
    }
    JsonNode body = answer.body();
    String deviceCode = text(body, "device_code");
    String userCode = text(body, "user_code");
    String verificationUri = text(body, "verification_uri");
    long expiresIn = body.path("expires_in").asLong(0);
    if (deviceCode == null || userCode == null || verificationUri == null || expiresIn <= 0) {
      throw new LoginException(LoginException.Reason.UNEXPECTED_RESPONSE, null);
    }
    long interval = body.path("interval").asLong(0);
    String complete = text(body, "verification_uri_complete");
    try {
      return new DeviceCode(
          userCode,
          URI.create(verificationUri),
          complete == null ? null : URI.create(complete),
          interval > 0 ? Duration.ofSeconds(interval) : DEFAULT_INTERVAL,
          asked.plusSeconds(expiresIn),
          deviceCode);
    } catch (IllegalArgumentException e) {
      throw new LoginException(LoginException.Reason.UNEXPECTED_RESPONSE, null);
    }
  }

  /**
   * Polls until the user confirms the device login (RFC 8628 section 3.4/3.5), waiting the interval
   * between polls, 5 s longer after each {@code slow_down}.
   *
   * @throws LoginException ACCESS_DENIED when the user declined, DEVICE_CODE_EXPIRED when the code
   *     ran out first, INTERRUPTED when the thread was interrupted
   */
  public Tokens pollDeviceToken(DeviceCode code) throws LoginException {
    return pollDeviceToken(code, duration -> Thread.sleep(duration.toMillis()));
  }

  /** {@link #pollDeviceToken(DeviceCode)} with the waiting done by {@code sleeper}. */
  public Tokens pollDeviceToken(DeviceCode code, Sleeper sleeper) throws LoginException {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(sleeper, "sleeper");
    Duration interval = code.interval();
    while (true) {
      Duration left = Duration.between(clock.instant(), code.expiresAt());
      if (left.isNegative() || left.isZero()) {
        throw new LoginException(LoginException.Reason.DEVICE_CODE_EXPIRED, null);
      }
      try {
        sleeper.sleep(interval.compareTo(left) < 0 ? interval : left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LoginException(LoginException.Reason.INTERRUPTED, e);
      }
      if (!clock.instant().isBefore(code.expiresAt())) {
        throw new LoginException(LoginException.Reason.DEVICE_CODE_EXPIRED, null);
      }
      DeviceTokenPoll poll = pollDeviceTokenOnce(code);
      switch (poll.status()) {
        case GRANTED:
          return poll.tokens().orElseThrow();
        case SLOW_DOWN:
          interval = interval.plus(SLOW_DOWN_STEP);
          break;
        case PENDING:
        default:
          break;
      }
    }
  }

  /** One poll of the token endpoint with the device code, without waiting. */
  public DeviceTokenPoll pollDeviceTokenOnce(DeviceCode code) throws LoginException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", DEVICE_GRANT);
    form.put("client_id", clientId);
    form.put("device_code", code.deviceCode());
    Answer answer = tokenRequest(form);
    if (answer.status() != 200) {
      String error = text(answer.body(), "error");
      if ("authorization_pending".equals(error)) {
        return DeviceTokenPoll.pending();
      }
      if ("slow_down".equals(error)) {
        return DeviceTokenPoll.slowDown();
      }
    }
    return DeviceTokenPoll.granted(tokens(answer, Purpose.DEVICE_TOKEN, null));
  }

  /**
   * A fresh access token (and usually a fresh refresh token) for a login.
   *
   * @throws LoginException SESSION_EXPIRED when the refresh token or the SSO session ended
   */
  public Tokens refresh(Tokens tokens) throws LoginException {
    Objects.requireNonNull(tokens, "tokens");
    if (!tokens.refreshUsableAt(clock.instant())) {
      throw new LoginException(LoginException.Reason.SESSION_EXPIRED, null);
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("client_id", clientId);
    form.put("refresh_token", tokens.refreshToken());
    return tokens(tokenRequest(form), Purpose.REFRESH, tokens);
  }

  // ---------------------------------------------------------------------------------------------

  /** What a request was for; an OAuth error means different things to each. */
  private enum Purpose {
    PASSWORD,
    DEVICE_AUTHORIZATION,
    DEVICE_TOKEN,
    REFRESH
  }

  private record Endpoints(URI token, URI deviceAuthorization) {}

  private record Answer(int status, JsonNode body) {}

  private Answer tokenRequest(Map<String, String> form) throws LoginException {
    return post(endpoints().token(), form);
  }

  private Tokens tokens(Answer answer, Purpose purpose, Tokens previous) throws LoginException {
    if (answer.status() != 200) {
      throw refusal(answer, purpose);
    }
    JsonNode body = answer.body();
    Instant now = clock.instant();
    String accessToken = text(body, "access_token");
    long expiresIn = body.path("expires_in").asLong(0);
    String tokenType = text(body, "token_type");
    if (accessToken == null
        || expiresIn <= 0
        || (tokenType != null && !"bearer".equalsIgnoreCase(tokenType))) {
      throw new LoginException(LoginException.Reason.UNEXPECTED_RESPONSE, null);
    }
    String refreshToken = text(body, "refresh_token");
    Instant refreshExpires;
    if (refreshToken == null && previous != null) {
      // RFC 6749 section 6: the provider may keep the old refresh token
      refreshToken = previous.refreshToken();
      refreshExpires = previous.refreshExpires();
    } else {
      long refreshIn = body.path("refresh_expires_in").asLong(0);
      refreshExpires = refreshToken != null && refreshIn > 0 ? now.plusSeconds(refreshIn) : null;
    }
    return new Tokens(accessToken, refreshToken, now.plusSeconds(expiresIn), refreshExpires);
  }

  private LoginException refusal(Answer answer, Purpose purpose) {
    String error = text(answer.body(), "error");
    String description = description(text(answer.body(), "error_description"));
    if (error == null) {
      return new LoginException(
          LoginException.Reason.UNEXPECTED_RESPONSE, null, "HTTP " + answer.status(), null);
    }
    LoginException.Reason reason =
        switch (error) {
          case "invalid_grant" ->
              switch (purpose) {
                case PASSWORD -> LoginException.Reason.INVALID_CREDENTIALS;
                case REFRESH -> LoginException.Reason.SESSION_EXPIRED;
                case DEVICE_TOKEN, DEVICE_AUTHORIZATION ->
                    LoginException.Reason.DEVICE_CODE_EXPIRED;
              };
          case "access_denied" -> LoginException.Reason.ACCESS_DENIED;
          case "expired_token" -> LoginException.Reason.DEVICE_CODE_EXPIRED;
          case "invalid_client", "unauthorized_client", "unsupported_grant_type", "invalid_scope" ->
              LoginException.Reason.CLIENT_REFUSED;
          default -> LoginException.Reason.UNEXPECTED_RESPONSE;
        };
    return new LoginException(reason, sanitize(error, 64), description, null);
  }

  private Endpoints endpoints() throws LoginException {
    Endpoints known = endpoints;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (endpoints == null) {
        endpoints = discover();
      }
      return endpoints;
    }
  }

  private Endpoints discover() throws LoginException {
    URI wellKnown = URI.create(issuer + "/.well-known/openid-configuration");
    HttpRequest request =
        HttpRequest.newBuilder(wellKnown)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    Answer answer = send(request);
    if (answer.status() != 200) {
      throw new LoginException(
          LoginException.Reason.UNEXPECTED_RESPONSE,
          null,
          "discovery answered HTTP " + answer.status(),
          null);
    }
    String announced = text(answer.body(), "issuer");
    String token = text(answer.body(), "token_endpoint");
    String device = text(answer.body(), "device_authorization_endpoint");
    // OpenID Connect Discovery 1.0 section 4.3: the document must be for exactly this issuer
    if (announced == null || !withoutTrailingSlash(URI.create(announced)).equals(issuer)) {
      throw new LoginException(
          LoginException.Reason.UNEXPECTED_RESPONSE, null, "discovery names another issuer", null);
    }
    if (token == null) {
      throw new LoginException(
          LoginException.Reason.UNEXPECTED_RESPONSE,
          null,
          "discovery names no token endpoint",
          null);
    }
    try {
      URI tokenUri = URI.create(token);
      URI deviceUri = device == null ? null : URI.create(device);
      requireSecure(tokenUri);
      if (deviceUri != null) {
        requireSecure(deviceUri);
      }
      return new Endpoints(tokenUri, deviceUri);
    } catch (IllegalArgumentException e) {
      throw new LoginException(
          LoginException.Reason.UNEXPECTED_RESPONSE,
          null,
          "discovery names an unusable endpoint",
          e);
    }
  }

  private Answer post(URI endpoint, Map<String, String> form) throws LoginException {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (name, value) -> {
          if (body.length() > 0) {
            body.append('&');
          }
          body.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return send(request);
  }

  private Answer send(HttpRequest request) throws LoginException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the exception's message names only the host or the TLS failure, never the form
      throw new LoginException(LoginException.Reason.UNREACHABLE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoginException(LoginException.Reason.INTERRUPTED, e);
    }
    JsonNode body;
    try {
      body = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    } catch (JsonProcessingException e) {
      body = json.createObjectNode();
    }
    if (response.statusCode() == 200 && !body.isObject()) {
      throw new LoginException(LoginException.Reason.UNEXPECTED_RESPONSE, null);
    }
    return new Answer(response.statusCode(), body);
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body == null ? null : body.get(field);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  private static String description(String text) {
    return text == null ? null : sanitize(text, MAX_DESCRIPTION);
  }

  /**
   * Printable ASCII only, bounded: provider text goes into messages that reach terminals and logs.
   */
  private static String sanitize(String text, int max) {
    StringBuilder clean = new StringBuilder();
    for (int i = 0; i < text.length() && clean.length() < max; i++) {
      char c = text.charAt(i);
      clean.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return clean.toString();
  }

  private static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }

  /** https, or plain http only to this machine (a local test provider). */
  private static void requireSecure(URI uri) {
    String scheme = uri.getScheme();
    if ("https".equalsIgnoreCase(scheme)) {
      return;
    }
    if ("http".equalsIgnoreCase(scheme) && isLoopback(uri.getHost())) {
      return;
    }
    throw new IllegalArgumentException("the identity provider must be reached over https");
  }

  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      // only literal addresses: no name lookup for a non-loopback host
      return (literal.matches("[0-9.]+") || literal.contains(":"))
          && InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
