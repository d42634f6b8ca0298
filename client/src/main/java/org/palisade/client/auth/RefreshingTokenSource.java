// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link TokenSource} that refreshes the access token at the SSO when less than {@link
 * #REFRESH_MARGIN} of its life remains. Safe for concurrent use: callers that arrive during a
 * refresh wait for it, and one refresh serves them all. Each new set of tokens goes to {@code
 * onRefresh}, so the caller can persist it (encrypted) before the old refresh token stops working.
 */
public final class RefreshingTokenSource implements TokenSource {

  /** A token with less than this left is refreshed before use. */
  public static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);

  private final OidcLogin login;
  private final Consumer<Tokens> onRefresh;
  private Tokens tokens;

  public RefreshingTokenSource(OidcLogin login, Tokens tokens, Consumer<Tokens> onRefresh) {
    this.login = Objects.requireNonNull(login, "login");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.onRefresh = Objects.requireNonNull(onRefresh, "onRefresh");
  }

  @Override
  public synchronized String accessToken() throws LoginException {
    if (!tokens.accessValidFor(REFRESH_MARGIN, login.clock().instant())) {
      refreshNow();
    }
    return tokens.accessToken();
  }

  /** Refreshes now, whatever the access token's expiry (e.g. after the gateway refused it). */
  public synchronized Tokens refreshNow() throws LoginException {
    Tokens fresh = login.refresh(tokens);
    tokens = fresh;
    onRefresh.accept(fresh);
    return fresh;
  }

  /** The tokens held now (possibly about to expire). */
  public synchronized Tokens current() {
    return tokens;
  }
}
