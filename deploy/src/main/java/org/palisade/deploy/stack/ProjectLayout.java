// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the checked-out project is, and the build outputs the stack runs: the server distributions that
 * module {@code deploy/servers} resolved from Maven Central, and the packaged Palisade applications.
 */
public record ProjectLayout(Path root) {

    /** System property {@code palisade.repo}, env {@code PALISADE_REPO}, or the nearest folder up holding deploy/servers. */
    public static ProjectLayout locate() {
        String configured = System.getProperty("palisade.repo", System.getenv("PALISADE_REPO"));
        if (configured != null && !configured.isBlank()) {
            return new ProjectLayout(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("deploy/servers/pom.xml"))) {
                return new ProjectLayout(dir);
            }
        }
        throw new StackException("launcher", "cannot find the Palisade project: set PALISADE_REPO");
    }

    public String kafkaClasspath() {
        return readBuildOutput("kafka.classpath");
    }

    public Path keycloakDistribution() {
        return Path.of(readBuildOutput("keycloak.path"));
    }

    public Path postgresBinariesJar() {
        return Path.of(readBuildOutput("postgres.path"));
    }

    public Path realmTemplate() {
        return root.resolve("deploy/keycloak/palisade-realm.json");
    }

    /** The custody tools (key ceremony, ledger export): hsm-integration's classes and runtime dependencies. */
    public String custodyToolsClasspath() {
        Path module = root.resolve("hsm-integration/target");
        Path dependencies = module.resolve("runtime.classpath");
        try {
            return module.resolve("classes") + ":" + Files.readString(dependencies).strip();
        } catch (IOException e) {
            throw new StackException("launcher", "missing " + dependencies + ": build first (./palisade build)");
        }
    }

    /** The standalone ledger verifier an auditor runs. */
    public Path auditVerifierJar() {
        return root.resolve("audit-verifier/target/palisade-audit-verifier.jar");
    }

    public Path quarkusApp(String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private String readBuildOutput(String name) {
        Path file = root.resolve("deploy/servers/target").resolve(name);
        try {
            String value = Files.readString(file).strip();
            if (value.isEmpty()) {
                throw new StackException("launcher", file + " is empty: rebuild with ./palisade build");
            }
            return value;
        } catch (IOException e) {
            throw new StackException("launcher", "missing " + file + ": build first (./palisade build)");
        }
    }
}
