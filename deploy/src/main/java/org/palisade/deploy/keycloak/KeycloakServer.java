// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.palisade.deploy.stack.LocalServer;
import org.palisade.deploy.stack.ProjectLayout;
import org.palisade.deploy.stack.Readiness;
import org.palisade.deploy.stack.SecretFiles;
import org.palisade.deploy.stack.StackException;
import org.palisade.deploy.stack.StackHome;
import org.palisade.deploy.stack.StackPorts;
import org.palisade.deploy.tls.LocalCertificateAuthority;
import org.palisade.deploy.tls.TlsTrust;

/**
 * Keycloak from its server distribution: unpacked and built once ({@code kc.sh build}), then started optimized
 * over HTTPS with the palisade realm imported from {@code deploy/keycloak/palisade-realm.json}. The dev-mem
 * database keeps no state between starts: the realm (with its pinned user ids) is imported every time.
 */
public final class KeycloakServer extends LocalServer {

    public static final String NAME = "keycloak";
    public static final String REALM = "palisade";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    public KeycloakServer(StackHome home, StackPorts ports, ProjectLayout project, LocalCertificateAuthority ca) {
        super(NAME, home, ports, project, ca);
    }

    @Override
    public int port() {
        return ports.keycloak();
    }

    @Override
    public List<Integer> allPorts() {
        return List.of(ports.keycloak(), ports.keycloakManagement());
    }

    /** {@code https://localhost:PORT/realms/palisade}: the issuer of every token. */
    public String issuer() {
        return "https://localhost:" + ports.keycloak() + "/realms/" + REALM;
    }

    public String adminConsoleSecret() {
        return SecretFiles.readOrGenerate(home.secret("keycloak-admin-console-client.secret"));
    }

    private Path distribution() {
        return dir().resolve("dist");
    }

    @Override
    public void prepare() {
        Path dist = distribution();
        Path built = dist.resolve(".palisade-built");
        if (Files.exists(built)) {
            return;
        }
        unpack(project.keycloakDistribution(), dist);
        process.runToCompletion("kc.sh build",
                List.of(dist.resolve("bin/kc.sh").toString(), "build", "--db=dev-mem", "--health-enabled=true"), dist);
        try {
            Files.writeString(built, "kc.sh build --db=dev-mem --health-enabled=true\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void start() {
        writeRealm();
        Path dist = distribution();
        process.start(List.of(dist.resolve("bin/kc.sh").toString(), "start", "--optimized", "--import-realm",
                "--cache=local", "--http-enabled=false", "--http-host=127.0.0.1",
                "--https-port=" + ports.keycloak(),
                "--https-certificate-file=" + ca.serverCertificate(),
                "--https-certificate-key-file=" + ca.serverKey(),
                "--hostname=https://localhost:" + ports.keycloak(),
                "--http-management-host=127.0.0.1",
                "--http-management-port=" + ports.keycloakManagement(),
                // the event logger writes a user's id, username and IP address on every failed login or token
                // check (LOGIN_ERROR, INTROSPECT_TOKEN_ERROR at WARN): this product logs no identifiers
                "--log-level=INFO,org.keycloak.events:off"),
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "keycloak-admin",
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", SecretFiles.readOrGenerate(home.secret("keycloak-admin.password")),
                        "JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1"),
                dist);
    }

    @Override
    public void awaitReady() {
        HttpClient client = HttpClient.newBuilder().sslContext(TlsTrust.trusting(ca.caCertificate()))
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("https://localhost:" + ports.keycloakManagement() + "/health/ready");
        Readiness.await(NAME, process, START_TIMEOUT, () -> status(client, health) == 200);
    }

    @Override
    public void stop() {
        process.stop("TERM", Duration.ofSeconds(30));
    }

    private void writeRealm() {
        try {
            String realm = Files.readString(project.realmTemplate())
                    .replace("@@ADMIN_CONSOLE_PORT@@", Integer.toString(ports.adminConsole()))
                    .replace("@@ADMIN_CONSOLE_SECRET@@", adminConsoleSecret());
            for (Map.Entry<String, String> user : DemoUsers.passwords(home).entrySet()) {
                realm = realm.replace("@@PASSWORD_" + user.getKey().toUpperCase() + "@@", user.getValue());
            }
            if (realm.contains("@@")) {
                throw new StackException(NAME, "unfilled placeholder in " + project.realmTemplate());
            }
            SecretFiles.write(distribution().resolve("data/import/palisade-realm.json"), realm);
        } catch (IOException e) {
            throw new StackException(NAME, "cannot read " + project.realmTemplate(), e);
        }
    }

    private static int status(HttpClient client, URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void unpack(Path zip, Path target) {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Files.createDirectories(target);
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                // strip the top folder (keycloak-<version>/)
                String name = entry.getName().substring(entry.getName().indexOf('/') + 1);
                Path out = target.resolve(name).normalize();
                if (name.isEmpty() || !out.startsWith(target)) {
                    continue;
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    if (name.endsWith(".sh")) {
                        out.toFile().setExecutable(true, true);
                    }
                }
            }
        } catch (IOException e) {
            throw new StackException(NAME, "cannot unpack " + zip + ": " + e.getMessage(), e);
        }
    }
}
