// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refreshing 30 s before expiry, once for many concurrent callers, and reporting the new tokens.
 */
class RefreshingTokenSourceTest {

  private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

  private FakeOidcProvider provider;
  private MutableClock clock;
  private OidcLogin login;
  private final List<Tokens> persisted = new CopyOnWriteArrayList<>();

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

  private RefreshingTokenSource source() {
    Tokens initial =
        new Tokens("access-0", "refresh-0", START.plusSeconds(300), START.plusSeconds(1800));
    return new RefreshingTokenSource(login, initial, persisted::add);
  }

  @Test
  void keepsTheTokenWhileMoreThanThirtySecondsRemain() throws Exception {
    RefreshingTokenSource source = source();
    clock.advance(Duration.ofSeconds(269));

    assertThat(source.accessToken()).isEqualTo("access-0");
    assertThat(provider.tokenRequests).isEmpty();
    assertThat(persisted).isEmpty();
  }

  @Test
  void refreshesWhenLessThanThirtySecondsRemainAndReportsTheNewTokens() throws Exception {
    RefreshingTokenSource source = source();
    provider.replyToToken(200, FakeOidcProvider.tokens("access-1", "refresh-1", 300, 1800));
    clock.advance(Duration.ofSeconds(271));

    assertThat(source.accessToken()).isEqualTo("access-1");
    assertThat(source.accessToken()).isEqualTo("access-1");

    assertThat(provider.tokenRequests).hasSize(1);
    assertThat(provider.tokenRequests.get(0))
        .containsEntry("grant_type", "refresh_token")
        .containsEntry("client_id", "palisade-cli")
        .containsEntry("refresh_token", "refresh-0");
    Instant refreshed = START.plusSeconds(271);
    assertThat(persisted)
        .containsExactly(
            new Tokens(
                "access-1", "refresh-1", refreshed.plusSeconds(300), refreshed.plusSeconds(1800)));
    assertThat(source.current()).isEqualTo(persisted.get(0));
  }

  @Test
  void concurrentCallersShareOneRefresh() throws Exception {
    RefreshingTokenSource source = source();
    provider.tokenDelayMillis = 200;
    provider.replyToToken(200, FakeOidcProvider.tokens("access-1", "refresh-1", 300, 1800));
    provider.replyToToken(200, FakeOidcProvider.tokens("access-2", "refresh-2", 300, 1800));
    clock.advance(Duration.ofSeconds(290));

    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return source.accessToken();
                }));
      }
      go.countDown();
      for (Future<String> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("access-1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(provider.tokenRequests).hasSize(1);
    assertThat(persisted).hasSize(1);
  }

  @Test
  void anEndedSessionNeedsANewLogin() throws Exception {
    RefreshingTokenSource source = source();
    provider.replyToToken(400, FakeOidcProvider.error("invalid_grant"));
    clock.advance(Duration.ofSeconds(299));

    assertThatThrownBy(source::accessToken)
        .isInstanceOfSatisfying(
            LoginException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(LoginException.Reason.SESSION_EXPIRED);
              assertThat(e.error()).isEqualTo("invalid_grant");
              assertThat(e.getMessage()).doesNotContain("refresh-0").doesNotContain("access-0");
            });
    assertThat(persisted).isEmpty();
  }

  @Test
  void anExpiredRefreshTokenIsNotSent() throws Exception {
    RefreshingTokenSource source = source();
    clock.advance(Duration.ofSeconds(1800));

    assertThatThrownBy(source::accessToken)
        .isInstanceOfSatisfying(
            LoginException.class,
            e -> assertThat(e.reason()).isEqualTo(LoginException.Reason.SESSION_EXPIRED));
    assertThat(provider.tokenRequests).isEmpty();
  }
}
