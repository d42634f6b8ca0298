// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny OpenID provider over plain HTTP on the loopback interface: discovery, a device
 * authorization endpoint and a token endpoint that answers from a script, recording every form it
 * receives.
 */
final class FakeOidcProvider implements AutoCloseable {

  /** One scripted answer of the token endpoint. */
  record Reply(int status, String json) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Deque<Reply> tokenReplies = new ArrayDeque<>();
  final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
  volatile String deviceAuthorizationJson;
  volatile String announcedIssuer;
  volatile long tokenDelayMillis;

  FakeOidcProvider() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/realms/test/.well-known/openid-configuration", this::discovery);
    server.createContext("/realms/test/token", this::token);
    server.createContext("/realms/test/device", this::device);
    server.start();
    announcedIssuer = issuer().toString();
  }

  URI issuer() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test");
  }

  synchronized void replyToToken(int status, String json) {
    tokenReplies.add(new Reply(status, json));
  }

  static String error(String error) {
    return "{\"error\":\"" + error + "\",\"error_description\":\"scripted " + error + "\"}";
  }

  static String tokens(String access, String refresh, int expiresIn, int refreshExpiresIn) {
    return "{\"access_token\":\""
        + access
        + "\",\"token_type\":\"Bearer\",\"expires_in\":"
        + expiresIn
        + ",\"refresh_token\":\""
        + refresh
        + "\",\"refresh_expires_in\":"
        + refreshExpiresIn
        + "}";
  }

  private void discovery(HttpExchange exchange) throws IOException {
    String base = issuer().toString();
    respond(
        exchange,
        200,
        "{\"issuer\":\""
            + announcedIssuer
            + "\",\"token_endpoint\":\""
            + base
            + "/token\",\"device_authorization_endpoint\":\""
            + base
            + "/device\"}");
  }

  private void device(HttpExchange exchange) throws IOException {
    form(exchange);
    respond(exchange, 200, deviceAuthorizationJson);
  }

  private void token(HttpExchange exchange) throws IOException {
    tokenRequests.add(form(exchange));
    if (tokenDelayMillis > 0) {
      try {
        Thread.sleep(tokenDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Reply reply;
    synchronized (this) {
      reply =
          tokenReplies.isEmpty() ? new Reply(400, error("invalid_request")) : tokenReplies.poll();
    }
    respond(exchange, reply.status(), reply.json());
  }

  private static Map<String, String> form(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      form.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
