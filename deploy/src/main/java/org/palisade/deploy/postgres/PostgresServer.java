// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

/**
 * PostgreSQL 17 from the binaries that zonky publishes as a Maven Central jar, run as a plain process that
 * accepts only TLS connections with a password (scram-sha-256). PostgreSQL refuses to run as root; as root it
 * runs in a fresh user namespace ({@code unshare -U}), where it is not root, and its files stay the caller's.
 */
public final class PostgresServer extends LocalServer {

    public static final String NAME = "postgres";
    public static final String DATABASE = "palisade";
    public static final String USER = "palisade";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    public PostgresServer(StackHome home, StackPorts ports, ProjectLayout project, LocalCertificateAuthority ca) {
        super(NAME, home, ports, project, ca);
    }

    @Override
    public int port() {
        return ports.postgres();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + ports.postgres() + "/" + DATABASE
                + "?sslmode=verify-full&sslrootcert=" + ca.caCertificate();
    }

    public Path passwordFile() {
        return home.secret("postgres.password");
    }

    public String password() {
        return SecretFiles.readOrGenerate(passwordFile());
    }

    private Path binaries() {
        return dir().resolve("pgsql");
    }

    private Path data() {
        return dir().resolve("data");
    }

    @Override
    public void prepare() {
        if (!Files.exists(binaries().resolve("bin/postgres"))) {
            extractBinaries();
        }
        if (Files.exists(data().resolve("PG_VERSION"))) {
            return;
        }
        password();
        process.runToCompletion("initdb", asNonRoot(List.of(binaries().resolve("bin/initdb").toString(),
                "-D", data().toString(), "-U", USER, "--pwfile=" + passwordFile(), "--auth=scram-sha-256",
                "--encoding=UTF8", "--locale=C", "--no-instructions")), dir());
        try {
            // TLS only: no plain "host" line, so an unencrypted connection is refused
            Files.writeString(data().resolve("pg_hba.conf"), String.join("\n",
                    "# written by the Palisade launcher: TLS and a password, from loopback only",
                    "hostssl all all 127.0.0.1/32 scram-sha-256",
                    "hostssl all all ::1/128 scram-sha-256", ""));
        } catch (IOException e) {
            throw new StackException(NAME, "cannot write pg_hba.conf: " + e.getMessage(), e);
        }
    }

    @Override
    public void start() {
        process.start(asNonRoot(List.of(binaries().resolve("bin/postgres").toString(), "-D", data().toString(),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "port=" + ports.postgres(),
                "-c", "unix_socket_directories=",
                "-c", "ssl=on",
                "-c", "ssl_cert_file=" + ca.serverCertificate(),
                "-c", "ssl_key_file=" + ca.serverKey(),
                "-c", "ssl_min_protocol_version=TLSv1.2",
                "-c", "log_connections=off",
                "-c", "log_statement=none",
                // an error names what failed, never the statement or the values (a duplicate key's DETAIL
                // line would carry an id): no identifiers in any log
                "-c", "log_error_verbosity=terse",
                "-c", "log_min_error_statement=panic")), Map.of(), dir());
    }

    @Override
    public void awaitReady() {
        Readiness.await(NAME, process, START_TIMEOUT, this::canConnect);
        createDatabase();
    }

    @Override
    public void stop() {
        // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect
        process.stop("INT", Duration.ofSeconds(30));
    }

    private boolean canConnect() {
        try (Connection ignored = connect("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void createDatabase() {
        try (Connection connection = connect("postgres");
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("create database " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw StackException.withLog(NAME, "cannot create database " + DATABASE + ": " + e.getSQLState(), logFile());
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password());
        properties.setProperty("sslmode", "verify-full");
        properties.setProperty("sslrootcert", ca.caCertificate().toString());
        properties.setProperty("connectTimeout", "3");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + ports.postgres() + "/" + database, properties);
    }

    private static List<String> asNonRoot(List<String> command) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("unshare", "-U"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The jar holds one .txz archive of a relocatable PostgreSQL; tar unpacks it. */
    private void extractBinaries() {
        Path jar = project.postgresBinariesJar();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry archive = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new StackException(NAME, "no .txz archive in " + jar));
            Files.createDirectories(binaries());
            Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", binaries().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(process.logFile().toFile()))
                    .start();
            try (InputStream in = zip.getInputStream(archive); OutputStream out = tar.getOutputStream()) {
                in.transferTo(out);
            }
            if (tar.waitFor() != 0) {
                throw StackException.withLog(NAME, "cannot unpack the PostgreSQL binaries (is xz-utils installed?)", logFile());
            }
        } catch (IOException e) {
            throw new StackException(NAME, "cannot unpack " + jar + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException(NAME, "interrupted");
        }
    }
}
