// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.palisade.client.auth.LoginException;
import org.palisade.client.auth.TokenSource;

/**
 * The gateway's REST API for one signed-in member of staff: devices and their certificates,
 * prekeys, envelopes, the mailbox and attachments. Every request carries a fresh access token from
 * the {@link TokenSource}. Refusals become {@link GatewayException}s with the problem document's
 * type and title ({@link StaleDevicesException} for a stale device list). Safe for concurrent use.
 *
 * <p>Keys, ciphertext and certificates are base64 strings exactly as the gateway's JSON carries
 * them.
 */
public final class GatewayClient {

  /** Device ids are libsignal's range. */
  public static final int MIN_DEVICE_ID = 1;

  public static final int MAX_DEVICE_ID = 127;

  /** The most envelopes one mailbox fetch returns. */
  public static final int MAX_MAILBOX_LIMIT = 100;

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(5);
  private static final String JSON = "application/json";
  private static final String OCTETS = "application/octet-stream";
  private static final int MAX_PROBLEM_FIELD = 300;

  private final URI base;
  private final SSLContext tls;
  private final TokenSource tokens;
  private final HttpClient http;
  private final ObjectMapper json = GatewayJson.MAPPER;

  /**
   * @param base the gateway, e.g. {@code https://gateway.example.com}; https, or http to this
   *     machine only
   * @param tls the trust for the gateway's certificate (null for the JDK's default)
   */
  public GatewayClient(URI base, SSLContext tls, TokenSource tokens) {
    this.base = withoutTrailingSlash(Objects.requireNonNull(base, "base"));
    this.tls = tls;
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    requireSecure(this.base);
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
  }

  public URI base() {
    return base;
  }

  /**
   * {@code GET /v1/me}: who the gateway takes the caller to be; the first call provisions the user.
   */
  public Me me() throws GatewayException {
    return read(send(get("/v1/me"), Set.of(200)), Me.class);
  }

  /**
   * {@code PUT /v1/devices/{deviceId}}: registers one of the caller's devices and returns the
   * certificate the organisation issued for it ({@code created} false when a live device
   * re-registered with the same identity key).
   */
  public RegisteredDevice registerDevice(int deviceId, DeviceRegistration body)
      throws GatewayException {
    Objects.requireNonNull(body, "body");
    HttpResponse<byte[]> response =
        send(put("/v1/devices/" + checkDevice(deviceId), body), Set.of(200, 201));
    JsonNode answer = tree(response);
    String certificate = answer.path("certificate").asText(null);
    if (certificate == null || !answer.path("deviceId").isInt()) {
      throw unexpected();
    }
    return new RegisteredDevice(
        answer.path("deviceId").asInt(), certificate, response.statusCode() == 201);
  }

  /** {@code GET /v1/devices}: the caller's devices, live and revoked. */
  public List<Device> myDevices() throws GatewayException {
    return list(send(get("/v1/devices"), Set.of(200)), "devices", new TypeReference<>() {});
  }

  /** {@code DELETE /v1/devices/{deviceId}}: revokes one of the caller's live devices. */
  public void revokeDevice(int deviceId) throws GatewayException {
    send(request("/v1/devices/" + checkDevice(deviceId)).DELETE().build(), Set.of(204));
  }

  /**
   * {@code GET /v1/users/{username}/devices}: the user's live devices, each with a prekey bundle
   * (an empty list when there are none). Each call consumes one-time prekeys.
   */
  public List<DeviceBundle> bundles(String username) throws GatewayException {
    Objects.requireNonNull(username, "username");
    return list(
        send(get("/v1/users/" + segment(username) + "/devices"), Set.of(200)),
        "devices",
        new TypeReference<>() {});
  }

  /**
   * {@code GET /v1/users/{username}/devices/certificates}: the user's live devices with their
   * certificates, consuming no prekeys; for checking the device a message came from.
   */
  public List<CertifiedDevice> certifiedDevices(String username) throws GatewayException {
    Objects.requireNonNull(username, "username");
    return list(
        send(get("/v1/users/" + segment(username) + "/devices/certificates"), Set.of(200)),
        "devices",
        new TypeReference<>() {});
  }

  /** {@code GET /v1/devices/{deviceId}/prekeys}: one-time prekeys left on the gateway. */
  public PreKeyCounts preKeyCounts(int deviceId) throws GatewayException {
    return read(
        send(get("/v1/devices/" + checkDevice(deviceId) + "/prekeys"), Set.of(200)),
        PreKeyCounts.class);
  }

  /** {@code PUT /v1/devices/{deviceId}/prekeys}: refills and rotates prekeys; the new counts. */
  public PreKeyCounts uploadPreKeys(int deviceId, PreKeyUpload upload) throws GatewayException {
    Objects.requireNonNull(upload, "upload");
    return read(
        send(put("/v1/devices/" + checkDevice(deviceId) + "/prekeys", upload), Set.of(200)),
        PreKeyCounts.class);
  }

  /** {@code GET /v1/revoked-certificates}: every revoked device certificate, oldest first. */
  public List<RevokedCertificate> revokedCertificates() throws GatewayException {
    return list(
        send(get("/v1/revoked-certificates"), Set.of(200)),
        "certificates",
        new TypeReference<>() {});
  }

  /**
   * {@code POST /v1/devices/{senderDevice}/messages}: one envelope per live device of every
   * recipient and of the sender's other devices, accepted or refused as a whole.
   *
   * @throws StaleDevicesException when the envelopes do not address exactly the live devices
   */
  public SubmitResult submit(int senderDevice, List<OutgoingEnvelope> envelopes)
      throws GatewayException {
    Objects.requireNonNull(envelopes, "envelopes");
    return read(
        send(
            post(
                "/v1/devices/" + checkDevice(senderDevice) + "/messages",
                Map.of("envelopes", List.copyOf(envelopes))),
            Set.of(200)),
        SubmitResult.class);
  }

  /**
   * {@code GET /v1/devices/{deviceId}/mailbox}: up to {@code limit} (1 to 100) waiting envelopes.
   */
  public List<DeliveredEnvelope> fetchMailbox(int deviceId, int limit) throws GatewayException {
    if (limit < 1 || limit > MAX_MAILBOX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_MAILBOX_LIMIT);
    }
    return list(
        send(get("/v1/devices/" + checkDevice(deviceId) + "/mailbox?limit=" + limit), Set.of(200)),
        "envelopes",
        new TypeReference<>() {});
  }

  /**
   * {@code DELETE /v1/devices/{deviceId}/mailbox/{envelopeId}}: the envelope is processed; the
   * gateway deletes it (404 {@code envelope-not-found} if unknown or acknowledged before).
   */
  public void acknowledge(int deviceId, String envelopeId) throws GatewayException {
    Objects.requireNonNull(envelopeId, "envelopeId");
    send(
        request("/v1/devices/" + checkDevice(deviceId) + "/mailbox/" + segment(envelopeId))
            .DELETE()
            .build(),
        Set.of(204));
  }

  /**
   * {@code POST /v1/attachments}: stores a blob the caller has encrypted end to end.
   *
   * @return the id to pass (inside an encrypted message) to the recipients
   */
  public String uploadAttachment(byte[] ciphertext) throws GatewayException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    HttpRequest request =
        request("/v1/attachments")
            .timeout(TRANSFER_TIMEOUT)
            .header("Content-Type", OCTETS)
            .header("Accept", JSON)
            .POST(HttpRequest.BodyPublishers.ofByteArray(ciphertext))
            .build();
    String id = tree(send(request, Set.of(201))).path("id").asText(null);
    if (id == null || id.isEmpty()) {
      throw unexpected();
    }
    return id;
  }

  /** {@code GET /v1/attachments/{id}}: the bytes exactly as uploaded. */
  public byte[] downloadAttachment(String id) throws GatewayException {
    Objects.requireNonNull(id, "id");
    HttpRequest request =
        request("/v1/attachments/" + segment(id))
            .timeout(TRANSFER_TIMEOUT)
            .header("Accept", OCTETS)
            .GET()
            .build();
    return send(request, Set.of(200)).body();
  }

  /**
   * Opens this device's delivery socket ({@code /v1/socket}) and waits until the gateway is ready.
   *
   * @see DeliveryConnection#open
   */
  public DeliveryConnection openDelivery(int deviceId, DeliveryConnection.Listener listener)
      throws GatewayException {
    return DeliveryConnection.open(base, tls, tokens, checkDevice(deviceId), listener);
  }

  // ---------------------------------------------------------------------------------------------

  static int checkDevice(int deviceId) {
    if (deviceId < MIN_DEVICE_ID || deviceId > MAX_DEVICE_ID) {
      throw new IllegalArgumentException(
          "device ids are " + MIN_DEVICE_ID + " to " + MAX_DEVICE_ID);
    }
    return deviceId;
  }

  private HttpRequest get(String path) throws GatewayException {
    return request(path).header("Accept", JSON).GET().build();
  }

  private HttpRequest put(String path, Object body) throws GatewayException {
    return request(path)
        .header("Content-Type", JSON)
        .header("Accept", JSON)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(serialize(body)))
        .build();
  }

  private HttpRequest post(String path, Object body) throws GatewayException {
    return request(path)
        .header("Content-Type", JSON)
        .header("Accept", JSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(serialize(body)))
        .build();
  }

  private HttpRequest.Builder request(String path) throws GatewayException {
    String token;
    try {
      token = tokens.accessToken();
    } catch (LoginException e) {
      throw new GatewayException(
          GatewayException.Reason.NOT_LOGGED_IN, "not logged in: " + e.reason().text(), e);
    }
    if (token == null || token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      // a header must not be split by what a token source returns; the token is not quoted
      throw new GatewayException(
          GatewayException.Reason.NOT_LOGGED_IN,
          "not logged in: the access token is unusable",
          null);
    }
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token);
  }

  private byte[] serialize(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // records of strings and numbers always serialize
      throw new IllegalStateException("cannot serialize a request body", e);
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request, Set<Integer> expected)
      throws GatewayException {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new GatewayException(
          GatewayException.Reason.UNREACHABLE, "the gateway cannot be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(GatewayException.Reason.INTERRUPTED, "interrupted", e);
    }
    if (expected.contains(response.statusCode())) {
      return response;
    }
    throw refusal(response);
  }

  private GatewayException refusal(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    Duration retryAfter =
        response.headers().firstValue("Retry-After").map(GatewayClient::seconds).orElse(null);
    JsonNode problem = null;
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    if (contentType.contains("json") && response.body().length > 0) {
      try {
        problem = json.readTree(response.body());
      } catch (IOException e) {
        problem = null;
      }
    }
    if (problem == null || !problem.isObject()) {
      return new GatewayException(status, null, null, null, retryAfter);
    }
    String type = field(problem, "type");
    String title = field(problem, "title");
    String detail = field(problem, "detail");
    if (status == 409 && StaleDevicesException.PROBLEM_TYPE.equals(type)) {
      List<DeviceListMismatch> mismatches;
      try {
        JsonNode list = problem.path("mismatches");
        mismatches =
            list.isArray()
                ? json.convertValue(list, new TypeReference<List<DeviceListMismatch>>() {})
                : List.of();
      } catch (IllegalArgumentException e) {
        mismatches = List.of();
      }
      return new StaleDevicesException(status, type, title, detail, retryAfter, mismatches);
    }
    return new GatewayException(status, type, title, detail, retryAfter);
  }

  private static String field(JsonNode problem, String name) {
    JsonNode value = problem.get(name);
    if (value == null || !value.isTextual()) {
      return null;
    }
    String text = value.asText();
    StringBuilder clean = new StringBuilder();
    for (int i = 0; i < text.length() && clean.length() < MAX_PROBLEM_FIELD; i++) {
      char c = text.charAt(i);
      clean.append(Character.isISOControl(c) ? ' ' : c);
    }
    return clean.toString();
  }

  private static Duration seconds(String header) {
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private JsonNode tree(HttpResponse<byte[]> response) throws GatewayException {
    try {
      JsonNode tree = json.readTree(response.body());
      if (tree == null || !tree.isObject()) {
        throw unexpected();
      }
      return tree;
    } catch (IOException e) {
      throw unexpected();
    }
  }

  private <T> T read(HttpResponse<byte[]> response, Class<T> type) throws GatewayException {
    try {
      T value = json.treeToValue(tree(response), type);
      if (value == null) {
        throw unexpected();
      }
      return value;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw unexpected();
    }
  }

  private <T> List<T> list(HttpResponse<byte[]> response, String field, TypeReference<List<T>> type)
      throws GatewayException {
    JsonNode items = tree(response).path(field);
    if (!items.isArray()) {
      throw unexpected();
    }
    try {
      return List.copyOf(json.convertValue(items, type));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw unexpected();
    }
  }

  private static GatewayException unexpected() {
    return new GatewayException(
        GatewayException.Reason.UNEXPECTED_RESPONSE,
        "the gateway answered in an unexpected way",
        null);
  }

  /** Percent-encodes one path segment: everything but RFC 3986 unreserved characters. */
  static String segment(String value) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        encoded.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    // "." and ".." would be resolved as relative paths
    String text = encoded.toString();
    return text.equals(".") ? "%2E" : text.equals("..") ? "%2E%2E" : text;
  }

  static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }

  /** https, or plain http to this machine (a local test server). */
  static void requireSecure(URI uri) {
    String scheme = uri.getScheme();
    String host = uri.getHost();
    boolean local =
        host != null
            && (host.equalsIgnoreCase("localhost")
                || host.equals("127.0.0.1")
                || host.equals("[::1]"));
    if (!"https".equalsIgnoreCase(scheme) && !("http".equalsIgnoreCase(scheme) && local)) {
      throw new IllegalArgumentException("the gateway must be reached over https");
    }
  }
}
