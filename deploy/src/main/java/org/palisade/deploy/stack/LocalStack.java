// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.palisade.deploy.apps.QuarkusApp;
import org.palisade.deploy.hsm.SoftHsmToken;
import org.palisade.deploy.kafka.KafkaBroker;
import org.palisade.deploy.keycloak.DemoUsers;
import org.palisade.deploy.keycloak.KeycloakServer;
import org.palisade.deploy.postgres.PostgresServer;
import org.palisade.deploy.tls.LocalCertificateAuthority;

/**
 * The whole local stack under one {@link StackHome}: PostgreSQL, Kafka, Keycloak and a SoftHSM2 token (the
 * infrastructure), then the gateway and the admin console. Used by {@code ./palisade} and by the test harness.
 */
public final class LocalStack {

    public static final String HSM_TOKEN_LABEL = "palisade-org";
    private static final List<String> KEPT_ON_CLEAR = List.of("keycloak/dist", "postgres/pgsql");

    private final StackHome home;
    private final StackPorts ports;
    private final LocalCertificateAuthority ca;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final KeycloakServer keycloak;
    private final SoftHsmToken hsm;
    private final QuarkusApp gateway;
    private final QuarkusApp adminConsole;
    private final ProjectLayout project;

    public LocalStack(StackHome home, StackPorts ports, ProjectLayout project) {
        this.home = home;
        this.ports = ports;
        this.project = project;
        this.ca = new LocalCertificateAuthority(home.tls(), home.secret("tls-keystore.password"));
        this.postgres = new PostgresServer(home, ports, project, ca);
        this.kafka = new KafkaBroker(home, ports, project, ca);
        this.keycloak = new KeycloakServer(home, ports, project, ca);
        this.hsm = SoftHsmToken.in(home.componentDir("hsm"), HSM_TOKEN_LABEL);
        this.gateway = new QuarkusApp("gateway", project.quarkusApp("gateway"), ports.gateway(), home,
                ca.caCertificate(), this::gatewaySettings, Map.of("SOFTHSM2_CONF", hsm.configFile().toString()));
        this.adminConsole = new QuarkusApp("admin-console", project.quarkusApp("admin-console"), ports.adminConsole(),
                home, ca.caCertificate(), this::adminConsoleSettings, Map.of());
    }

    /** A stack whose ports were saved by an earlier start. */
    public static LocalStack attach(StackHome home, ProjectLayout project) {
        if (!Files.exists(home.portsFile())) {
            throw new StackException("launcher", "no stack in " + home.root() + " (nothing was started there)");
        }
        return new LocalStack(home, StackPorts.load(home.portsFile()), project);
    }

    public StackHome home() {
        return home;
    }

    public StackPorts ports() {
        return ports;
    }

    public LocalCertificateAuthority certificateAuthority() {
        return ca;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public SoftHsmToken hsm() {
        return hsm;
    }

    public QuarkusApp gateway() {
        return gateway;
    }

    public QuarkusApp adminConsole() {
        return adminConsole;
    }

    /**
     * One more gateway process on this stack, sharing its Kafka, PostgreSQL, Keycloak and HSM token: for the
     * multi-gateway tests and the delivery benchmark. Its log is {@code logs/<name>.log}.
     */
    public QuarkusApp additionalGateway(String name, int port) {
        return new QuarkusApp(name, project.quarkusApp("gateway"), port, home, ca.caCertificate(), () -> {
            Map<String, String> settings = gatewaySettings();
            settings.putAll(httpsSettings(port));
            return settings;
        }, Map.of("SOFTHSM2_CONF", hsm.configFile().toString()));
    }

    /** The servers every application needs, in start order. */
    public List<Component> infrastructure() {
        return List.of(postgres, kafka, keycloak);
    }

    /** The Palisade applications that are built, in start order. */
    public List<QuarkusApp> applications() {
        return List.of(gateway, adminConsole).stream().filter(QuarkusApp::isBuilt).toList();
    }

    /**
     * Prepares and starts the infrastructure: TLS material, the HSM token and the three servers (started
     * together, each awaited). If any fails, everything this call started is stopped again.
     */
    public void startInfrastructure() {
        startTogether(infrastructure());
    }

    /** Starts the applications one after the other; on failure stops them and rethrows. */
    public void startApplications() {
        List<Component> started = new ArrayList<>();
        try {
            for (QuarkusApp app : applications()) {
                checkPortFree(app);
                app.prepare();
                app.start();
                started.add(app);
                app.awaitReady();
            }
        } catch (RuntimeException e) {
            stop(started);
            throw e;
        }
    }

    /** Stops every component that runs, applications first. */
    public void stopAll() {
        // in start order, which stop() reverses; applications built or not: a jar deleted after start still
        // leaves its process running
        List<Component> all = new ArrayList<>(infrastructure());
        all.addAll(List.of(gateway, adminConsole));
        stop(all);
    }

    /** Stops {@code components}, given in start order, last started first. */
    public void stop(List<? extends Component> components) {
        List<Component> reversed = new ArrayList<>(components);
        java.util.Collections.reverse(reversed);
        reversed.forEach(Component::stop);
    }

    /**
     * The gateway's configuration for this stack, as Quarkus properties. The launcher passes it as environment
     * variables; the gateway's tests return it from their test resource.
     */
    public Map<String, String> gatewaySettings() {
        Map<String, String> settings = httpsSettings(ports.gateway());
        settings.put("palisade.tls.ca-file", ca.caCertificate().toString());
        settings.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        settings.put("quarkus.datasource.username", PostgresServer.USER);
        settings.put("quarkus.datasource.password", postgres.password());
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("quarkus.oidc.auth-server-url", keycloak.issuer());
        settings.put("palisade.hsm.library", SoftHsmToken.library().toString());
        settings.put("palisade.hsm.token-label", hsm.label());
        settings.put("palisade.hsm.pin-file", hsm.userPinFile().toString());
        return settings;
    }

    /**
     * Where the custody tools find the HSM token and the ledger database, as environment variables; the
     * database password and the PIN stay in their files.
     */
    public Map<String, String> custodyEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SOFTHSM2_CONF", hsm.configFile().toString());
        environment.put("PALISADE_HSM_LIBRARY", SoftHsmToken.library().toString());
        environment.put("PALISADE_HSM_TOKEN_LABEL", hsm.label());
        environment.put("PALISADE_HSM_PIN_FILE", hsm.userPinFile().toString());
        environment.put("PALISADE_LEDGER_JDBC_URL", postgres.jdbcUrl());
        environment.put("PALISADE_LEDGER_DB_USER", PostgresServer.USER);
        environment.put("PALISADE_LEDGER_DB_PASSWORD_FILE", postgres.passwordFile().toString());
        return environment;
    }

    public Map<String, String> adminConsoleSettings() {
        return httpsSettings(ports.adminConsole());
    }

    /** HTTPS on the loopback interface only, with the local CA's server certificate. */
    private Map<String, String> httpsSettings(int port) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.http.host", "127.0.0.1");
        settings.put("quarkus.http.ssl-port", Integer.toString(port));
        settings.put("quarkus.http.ssl.certificate.files", ca.serverCertificate().toString());
        settings.put("quarkus.http.ssl.certificate.key-files", ca.serverKey().toString());
        return settings;
    }

    /**
     * Deletes all state of this home (data, tokens, secrets, logs) but the unpacked server distributions, which
     * are slow to rebuild and hold no data. For test stacks, which start empty every run.
     */
    public void clearData() {
        Path root = home.root();
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Path relative = root.relativize(path);
                boolean kept = path.equals(root) || KEPT_ON_CLEAR.stream()
                        .anyMatch(keep -> relative.startsWith(keep) || Path.of(keep).startsWith(relative));
                if (!kept) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + root, e);
        }
    }

    private void prepareHome() {
        try {
            Files.createDirectories(home.logs());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + home.logs(), e);
        }
        ports.save(home.portsFile());
        ca.createIfAbsent();
        hsm.initialiseIfAbsent();
        SecretFiles.write(home.demoCredentials(), DemoUsers.credentialsText(home));
    }

    /**
     * Prepares the home, then prepares and starts {@code components} together and waits for each. Refuses to
     * start any of them if one's port is taken; if one fails, stops those already started and rethrows.
     */
    public void startTogether(List<? extends Component> components) {
        components.forEach(this::checkPortFree);
        prepareHome();
        List<Component> started = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(components.size());
        try {
            List<Future<?>> prepared = components.stream().<Future<?>>map(c -> pool.submit(c::prepare)).toList();
            awaitAll(prepared);
            for (Component component : components) {
                component.start();
                started.add(component);
            }
            awaitAll(components.stream().<Future<?>>map(c -> pool.submit(c::awaitReady)).toList());
        } catch (RuntimeException e) {
            stop(started);
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitAll(List<Future<?>> futures) {
        RuntimeException first = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("launcher", "interrupted");
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void checkPortFree(Component component) {
        if (component.isUp()) {
            throw new StackException(component.name(), "already running on port " + component.port());
        }
        for (int port : component.allPorts()) {
            if (!StackPorts.isFree(port)) {
                throw new StackException(component.name(), "port " + port + " is taken by another program;"
                        + " choose other ports with PALISADE_<COMPONENT>_PORT (see README, Ports)");
            }
        }
    }
}
