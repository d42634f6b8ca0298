// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up failures name the component and its log, and leave nothing half-running. Uses the real PostgreSQL
 * next to a component of our own that fails.
 */
class LocalStackStartTest {

    @TempDir
    Path home;

    @Test
    void aTakenPortStopsTheStartBeforeAnythingRuns() throws Exception {
        LocalStack stack = new LocalStack(new StackHome(home), StackPorts.free(), ProjectLayout.locate());
        try (ServerSocket squatter = new ServerSocket(stack.ports().kafka(), 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(stack::startInfrastructure)
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("kafka")
                    .hasMessageContaining("port " + stack.ports().kafka() + " is taken");
        }
        assertThat(stack.postgres().isUp()).isFalse();
        assertThat(stack.keycloak().isUp()).isFalse();
        assertThat(stack.kafka().isUp()).isFalse();
    }

    @Test
    void aComponentThatFailsToStartStopsTheOthersAndNamesItsLog() {
        StackHome stackHome = new StackHome(home);
        LocalStack stack = new LocalStack(stackHome, StackPorts.free(), ProjectLayout.locate());
        FailingComponent broken = new FailingComponent(stackHome);

        assertThatThrownBy(() -> stack.startTogether(List.of(stack.postgres(), broken)))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("broken")
                .hasMessageContaining(stackHome.logFile("broken").toString());

        assertThat(stack.postgres().isUp()).as("PostgreSQL was started, then stopped again").isFalse();
        assertThat(stack.postgres().logFile()).exists();
    }

    /** A server that exits at once, as a misconfigured one would. */
    private static final class FailingComponent implements Component {

        private final ManagedProcess process;

        FailingComponent(StackHome home) {
            this.process = new ManagedProcess("broken", home);
        }

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public List<Integer> allPorts() {
            return List.of();
        }

        @Override
        public Path logFile() {
            return process.logFile();
        }

        @Override
        public void prepare() {
        }

        @Override
        public void start() {
            process.start(List.of("sh", "-c", "echo 'fatal: bad configuration'; exit 3"), java.util.Map.of(), Path.of("."));
        }

        @Override
        public void awaitReady() {
            Readiness.await(name(), process, java.time.Duration.ofSeconds(30), () -> false);
        }

        @Override
        public void stop() {
            process.stop("TERM", java.time.Duration.ofSeconds(5));
        }

        @Override
        public boolean isUp() {
            return process.isAlive();
        }
    }
}
