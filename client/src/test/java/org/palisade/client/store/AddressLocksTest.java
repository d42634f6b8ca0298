// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.SignalProtocolAddress;

class AddressLocksTest {

  private final AddressLocks locks = new AddressLocks();

  @Test
  void workForOneAddressRunsOneAtATime() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maximum = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(
          pool.submit(
              () -> {
                for (int j = 0; j < 50; j++) {
                  // a new address object each time: the lock follows the address, not the object
                  locks.withLock(
                      new SignalProtocolAddress("bob", 1),
                      () -> {
                        maximum.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                        inside.decrementAndGet();
                        return null;
                      });
                }
                return null;
              }));
    }
    for (Future<?> future : futures) {
      future.get(1, TimeUnit.MINUTES);
    }
    pool.shutdown();

    assertThat(maximum.get()).isEqualTo(1);
    assertThat(locks.size()).isZero();
  }

  @Test
  void differentAddressesDoNotWaitForEachOther() throws Exception {
    CountDownLatch bothInside = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<Boolean> first =
        pool.submit(
            () ->
                locks.withLock(
                    new SignalProtocolAddress("bob", 1),
                    () -> {
                      bothInside.countDown();
                      return bothInside.await(10, TimeUnit.SECONDS);
                    }));
    Future<Boolean> second =
        pool.submit(
            () ->
                locks.withLock(
                    new SignalProtocolAddress("bob", 2),
                    () -> {
                      bothInside.countDown();
                      return bothInside.await(10, TimeUnit.SECONDS);
                    }));

    assertThat(first.get(1, TimeUnit.MINUTES)).isTrue();
    assertThat(second.get(1, TimeUnit.MINUTES)).isTrue();
    pool.shutdown();
  }

  @Test
  void passesResultsAndCheckedExceptionsThroughAndIsReentrant() {
    SignalProtocolAddress bob = new SignalProtocolAddress("bob", 1);

    assertThat(locks.withLock(bob, () -> locks.withLock(bob, () -> "nested"))).isEqualTo("nested");
    assertThatThrownBy(
            () ->
                locks.withLock(
                    bob,
                    () -> {
                      throw new IOException("from the work");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("from the work");
    assertThat(locks.size()).isZero();
  }
}
