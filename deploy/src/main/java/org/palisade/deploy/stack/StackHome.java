// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * The one directory that holds all state of a local stack: data, PID files, logs, generated TLS material and
 * secrets. Deleting it (after {@code ./palisade down}) is a full reset.
 */
public record StackHome(Path root) {

    public StackHome {
        root = root.toAbsolutePath().normalize();
    }

    /** {@code $PALISADE_HOME}, or {@code ./.palisade} when it is not set. */
    public static StackHome fromEnvironment(Map<String, String> env) {
        String configured = env.get("PALISADE_HOME");
        return new StackHome(Path.of(configured == null || configured.isBlank() ? ".palisade" : configured));
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path logFile(String component) {
        return logs().resolve(component + ".log");
    }

    public Path pidFile(String component) {
        return root.resolve("run").resolve(component + ".pid");
    }

    /** Generated passwords, mode 0600. */
    public Path secret(String name) {
        return root.resolve("secrets").resolve(name);
    }

    public Path tls() {
        return root.resolve("tls");
    }

    public Path componentDir(String component) {
        return root.resolve(component);
    }

    public Path portsFile() {
        return root.resolve("ports.properties");
    }

    public Path demoCredentials() {
        return root.resolve("demo-credentials");
    }
}
