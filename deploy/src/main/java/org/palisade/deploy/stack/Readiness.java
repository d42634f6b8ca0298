// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waiting for a starting server: polls a probe until it succeeds, the process dies, or time runs out. */
public final class Readiness {

    private Readiness() {
    }

    public static void await(String component, ManagedProcess process, Duration timeout, BooleanSupplier probe) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw StackException.withLog(component, "exited while starting", process.logFile());
            }
            if (probe.getAsBoolean()) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        throw StackException.withLog(component, "not ready after " + timeout.toSeconds() + " s", process.logFile());
    }

    public static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("launcher", "interrupted");
        }
    }
}
