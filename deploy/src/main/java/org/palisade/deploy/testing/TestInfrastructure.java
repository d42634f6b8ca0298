// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.palisade.deploy.custody.CustodyTool;
import org.palisade.deploy.postgres.PostgresServer;
import org.palisade.deploy.stack.Component;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.stack.ProjectLayout;
import org.palisade.deploy.stack.StackException;
import org.palisade.deploy.stack.StackHome;
import org.palisade.deploy.stack.StackPorts;

/**
 * The real infrastructure (PostgreSQL, Kafka, Keycloak, a SoftHSM2 token) for integration tests, started once
 * per test run with the same code as {@code ./palisade up}, on free ports.
 *
 * <p>{@code ./palisade test} starts it once for all modules and exports {@code PALISADE_TEST_HOME}; tests
 * attach to it. Run from a plain {@code mvn test}, the first test that asks starts its own in
 * {@code target/test-stack} (system property {@code palisade.test.home}) and stops it when the JVM exits.
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} from the environment once, when the PKCS#11 library loads, so the
 * test JVM must already have it pointing at this stack's token ({@code <home>/hsm/softhsm2.conf}); the build
 * sets it for surefire.
 */
public final class TestInfrastructure {

    private static LocalStack stack;
    private static PostgresServer postgresOnly;

    private TestInfrastructure() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            String attached = System.getenv("PALISADE_TEST_HOME");
            stack = attached == null || attached.isBlank()
                    ? startOwn(Path.of(System.getProperty("palisade.test.home", "target/test-stack")), true)
                    : attach(Path.of(attached));
            checkSoftHsmEnvironment(stack);
        }
        return stack;
    }

    /**
     * Just a running PostgreSQL, for tests of stores that need nothing else (and may run with their own
     * SoftHSM2 configuration): the run's shared one when attached, else one of this JVM's own.
     */
    public static synchronized PostgresServer postgres() {
        if (stack != null) {
            return stack.postgres();
        }
        if (postgresOnly == null) {
            String attached = System.getenv("PALISADE_TEST_HOME");
            if (attached != null && !attached.isBlank()) {
                postgresOnly = attach(Path.of(attached)).postgres();
            } else {
                Path testHome = Path.of(System.getProperty("palisade.test.home", "target/test-stack"));
                LocalStack own = startOwn(testHome.resolveSibling(testHome.getFileName() + "-postgres"), false);
                postgresOnly = own.postgres();
            }
        }
        return postgresOnly;
    }

    private static LocalStack attach(Path home) {
        LocalStack running = LocalStack.attach(new StackHome(home), ProjectLayout.locate());
        for (Component component : running.infrastructure()) {
            if (!component.isUp()) {
                throw new StackException(component.name(), "the test stack in " + home + " is not running");
            }
        }
        return running;
    }

    private static LocalStack startOwn(Path root, boolean wholeInfrastructure) {
        ProjectLayout project = ProjectLayout.locate();
        StackHome home = new StackHome(root);
        if (Files.exists(home.portsFile())) {
            // left over by a test JVM that was killed: stop its servers before reusing the directory
            LocalStack.attach(home, project).stopAll();
        }
        LocalStack own = new LocalStack(home, StackPorts.free(), project);
        own.clearData();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> own.stop(own.infrastructure())));
        if (wholeInfrastructure) {
            // as ./palisade up does: with the organisation keys the gateway needs
            new CustodyTool(own, project).startInfrastructure();
        } else {
            own.startTogether(List.of(own.postgres()));
        }
        return own;
    }

    private static void checkSoftHsmEnvironment(LocalStack stack) {
        Path expected = stack.hsm().configFile().toAbsolutePath().normalize();
        String actual = System.getenv("SOFTHSM2_CONF");
        if (actual == null || !Path.of(actual).toAbsolutePath().normalize().equals(expected)) {
            throw new StackException("hsm", "this test JVM needs SOFTHSM2_CONF=" + expected + " (it has " + actual
                    + "); run the tests with ./palisade test or the module's surefire configuration");
        }
    }

}
