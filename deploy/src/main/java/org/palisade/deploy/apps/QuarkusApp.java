// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.palisade.deploy.stack.Component;
import org.palisade.deploy.stack.ManagedProcess;
import org.palisade.deploy.stack.Readiness;
import org.palisade.deploy.stack.StackException;
import org.palisade.deploy.stack.StackHome;
import org.palisade.deploy.tls.TlsTrust;

/**
 * A packaged Palisade Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) run over HTTPS. Its
 * configuration arrives as environment variables (Quarkus maps {@code quarkus.datasource.password} to
 * {@code QUARKUS_DATASOURCE_PASSWORD}), so secrets are never on a command line or in a file of the project.
 */
public final class QuarkusApp implements Component {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Path jar;
    private final int port;
    private final Path caCertificate;
    private final Supplier<Map<String, String>> settings;
    private final Map<String, String> extraEnvironment;
    private final ManagedProcess process;

    public QuarkusApp(String name, Path jar, int port, StackHome home, Path caCertificate,
            Supplier<Map<String, String>> settings, Map<String, String> extraEnvironment) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.caCertificate = caCertificate;
        this.settings = settings;
        this.extraEnvironment = extraEnvironment;
        this.process = new ManagedProcess(name, home);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Path logFile() {
        return process.logFile();
    }

    public boolean isBuilt() {
        return Files.exists(jar);
    }

    public String url() {
        return "https://localhost:" + port;
    }

    @Override
    public void prepare() {
        if (!isBuilt()) {
            throw new StackException(name, jar + " is missing: build first (./palisade build)");
        }
    }

    @Override
    public void start() {
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        settings.get().forEach((property, value) -> environment.put(environmentName(property), value));
        process.start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString()), environment, jar.getParent());
    }

    @Override
    public void awaitReady() {
        HttpClient client = HttpClient.newBuilder().sslContext(TlsTrust.trusting(caCertificate))
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        Readiness.await(name, process, START_TIMEOUT, () -> {
            try {
                return client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    @Override
    public void stop() {
        process.stop("TERM", Duration.ofSeconds(20));
    }

    /** Ends the process at once (SIGKILL), as a crash would: no shutdown hooks, no graceful close. */
    public void kill() {
        process.stop("KILL", Duration.ofSeconds(10));
    }

    @Override
    public boolean isUp() {
        return process.isAlive() && Readiness.portOpen(port);
    }

    /** Quarkus' environment variable for a property: upper case, every other character an underscore. */
    static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
