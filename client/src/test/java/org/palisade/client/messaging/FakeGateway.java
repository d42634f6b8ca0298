// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A stand-in for the gateway's HTTP API, for the races and forgeries the real one never produces on demand: it
 * answers each path with what the test set, and records every submission.
 */
final class FakeGateway implements AutoCloseable {

  /** One canned answer. */
  record Answer(int status, String json) {}

  private final HttpServer server;
  private final Map<String, Supplier<Answer>> answers = new ConcurrentHashMap<>();
  final List<String> submissions = new CopyOnWriteArrayList<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  FakeGateway() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void answer(String methodAndPath, Supplier<Answer> answer) {
    answers.put(methodAndPath, answer);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    requests.add(key);
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (key.endsWith("/messages")) {
      submissions.add(new String(body, StandardCharsets.UTF_8));
    }
    Supplier<Answer> supplier = answers.get(key);
    Answer answer = supplier == null ? new Answer(404, "{\"type\":\"urn:palisade:problem:not-found\",\"title\":\"x\","
        + "\"status\":404,\"detail\":\"x\"}") : supplier.get();
    byte[] out = answer.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type",
        answer.status() >= 400 ? "application/problem+json" : "application/json");
    exchange.sendResponseHeaders(answer.status(), out.length);
    exchange.getResponseBody().write(out);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
