// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * What a person does in the browser for a device login at Keycloak, as plain HTTP: open the
 * verification link, sign in, and answer the consent question. Only for tests against the local
 * stack's Keycloak.
 */
final class KeycloakBrowser {

  private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\saction=\"([^\"]+)\"");
  private static final Pattern CONSENT_CODE =
      Pattern.compile("<input[^>]*name=\"code\"[^>]*value=\"([^\"]*)\"");

  private final HttpClient http;

  KeycloakBrowser(SSLContext tls) {
    this.http =
        HttpClient.newBuilder()
            .sslContext(tls)
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /**
   * Signs in as {@code user} on the verification page and grants ({@code approve}) or declines the
   * device's access.
   *
   * @return the text of the last page
   */
  String confirm(URI verificationUriComplete, String user, String password, boolean approve)
      throws IOException, InterruptedException {
    HttpResponse<String> loginPage = send(HttpRequest.newBuilder(verificationUriComplete).GET());
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("username", user);
    credentials.put("password", password);
    credentials.put("credentialId", "");
    HttpResponse<String> next = post(loginPage, credentials);
    Matcher code = CONSENT_CODE.matcher(next.body());
    if (code.find()) {
      Map<String, String> answer = new LinkedHashMap<>();
      answer.put("code", code.group(1));
      answer.put(approve ? "accept" : "cancel", approve ? "Yes" : "No");
      next = post(next, answer);
    }
    return next.body();
  }

  private HttpResponse<String> post(HttpResponse<String> page, Map<String, String> fields)
      throws IOException, InterruptedException {
    Matcher action = FORM_ACTION.matcher(page.body());
    if (!action.find()) {
      throw new IllegalStateException("no form on the page " + page.uri().getPath());
    }
    URI target = page.uri().resolve(action.group(1).replace("&amp;", "&"));
    StringBuilder form = new StringBuilder();
    fields.forEach(
        (name, value) ->
            form.append(form.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return send(
        HttpRequest.newBuilder(target)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Keycloak answered HTTP " + response.statusCode() + " at " + response.uri().getPath());
    }
    return response;
  }
}
