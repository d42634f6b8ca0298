// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.palisade.deploy.stack.LocalServer;
import org.palisade.deploy.stack.ProjectLayout;
import org.palisade.deploy.stack.Readiness;
import org.palisade.deploy.stack.SecretFiles;
import org.palisade.deploy.stack.StackHome;
import org.palisade.deploy.stack.StackPorts;
import org.palisade.deploy.tls.LocalCertificateAuthority;

/**
 * A single-node Kafka KRaft broker (broker and controller in one process) run from the Maven Central jars,
 * TLS on both listeners. Formatted once; its log directory survives restarts.
 */
public final class KafkaBroker extends LocalServer {

    public static final String NAME = "kafka";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    public KafkaBroker(StackHome home, StackPorts ports, ProjectLayout project, LocalCertificateAuthority ca) {
        super(NAME, home, ports, project, ca);
    }

    @Override
    public int port() {
        return ports.kafka();
    }

    @Override
    public List<Integer> allPorts() {
        return List.of(ports.kafka(), ports.kafkaController());
    }

    public String bootstrapServers() {
        return "localhost:" + ports.kafka();
    }

    private Path serverProperties() {
        return dir().resolve("server.properties");
    }

    @Override
    public void prepare() {
        writeConfiguration();
        if (Files.exists(dir().resolve("data/meta.properties"))) {
            return;
        }
        process.runToCompletion("formatting the log directory", java(List.of("kafka.tools.StorageTool", "format",
                "--standalone", "-c", serverProperties().toString(), "-t", clusterId())), dir());
    }

    @Override
    public void start() {
        // ports may differ from the last start: the configuration is written anew each time
        writeConfiguration();
        process.start(java(List.of("kafka.Kafka", serverProperties().toString())), Map.of(), dir());
    }

    @Override
    public void awaitReady() {
        Readiness.await(NAME, process, START_TIMEOUT, () -> Readiness.portOpen(ports.kafka()) && started());
    }

    @Override
    public void stop() {
        process.stop("TERM", Duration.ofSeconds(30));
    }

    private boolean started() {
        return process.loggedSinceStart("Kafka Server started");
    }

    private List<String> java(List<String> mainAndArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + dir().resolve("log4j2.properties"),
                "-cp", project.kafkaClasspath()));
        command.addAll(mainAndArgs);
        return command;
    }

    private void writeConfiguration() {
        String keystorePassword = ca.keystorePassword();
        String listeners = "SSL://127.0.0.1:" + ports.kafka() + ",CONTROLLER://127.0.0.1:" + ports.kafkaController();
        String config = String.join("\n",
                "# written by the Palisade launcher at every start; edits are lost",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + ports.kafkaController(),
                "listeners=" + listeners,
                "advertised.listeners=SSL://localhost:" + ports.kafka(),
                "listener.security.protocol.map=SSL:SSL,CONTROLLER:SSL",
                "inter.broker.listener.name=SSL",
                "controller.listener.names=CONTROLLER",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + ca.serverKeystore(),
                "ssl.keystore.password=" + keystorePassword,
                "ssl.key.password=" + keystorePassword,
                "ssl.truststore.type=PEM",
                "ssl.truststore.location=" + ca.caCertificate(),
                "ssl.endpoint.identification.algorithm=https",
                "log.dirs=" + dir().resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        String log4j = String.join("\n",
                "# broker logs go to stdout, which the launcher writes to $PALISADE_HOME/logs/kafka.log",
                "appender.stdout.type=Console",
                "appender.stdout.name=STDOUT",
                "appender.stdout.layout.type=PatternLayout",
                "appender.stdout.layout.pattern=[%d] %p %m (%c)%n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.stdout.ref=STDOUT",
                "logger.kafka.name=kafka",
                "logger.kafka.level=INFO",
                "logger.state.name=state.change.logger",
                "logger.state.level=WARN",
                "");
        try {
            Files.createDirectories(dir());
            // holds the keystore password: owner-only
            SecretFiles.write(serverProperties(), config);
            Files.writeString(dir().resolve("log4j2.properties"), log4j);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Kafka's configuration in " + dir(), e);
        }
    }

    /** A random cluster id in Kafka's format: 16 random bytes, URL-safe base64 without padding. */
    /**
     * 16 random bytes in URL-safe base64, as Kafka's own ids; never starting with '-', which the format tool
     * would take for an option (as Kafka's Uuid.randomUuid also avoids).
     */
    static String clusterId() {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
