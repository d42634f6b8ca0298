// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.custody;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.palisade.deploy.postgres.PostgresServer;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.stack.ProjectLayout;
import org.palisade.deploy.stack.SecretFiles;
import org.palisade.deploy.stack.StackHome;
import org.palisade.deploy.stack.StackPorts;

/**
 * The real PostgreSQL the ledger benchmarks write to: started by the benchmark runner with the stack's own
 * code, and handed to JMH's forked JVMs as system properties (the password as the path of its file).
 */
public final class BenchDatabase {

    static final String JDBC_URL = "palisade.bench.jdbc-url";
    static final String PASSWORD_FILE = "palisade.bench.db-password-file";

    private BenchDatabase() {
    }

    /** Starts PostgreSQL under {@code home}; returns the stack (to stop) and the JVM options for the forks. */
    public static Started start(Path home) {
        LocalStack stack = new LocalStack(new StackHome(home), StackPorts.free(), ProjectLayout.locate());
        stack.clearData();
        stack.startTogether(List.of(stack.postgres()));
        PostgresServer postgres = stack.postgres();
        return new Started(stack, List.of("-D" + JDBC_URL + "=" + postgres.jdbcUrl(),
                "-D" + PASSWORD_FILE + "=" + postgres.passwordFile()));
    }

    /** A pooled data source, as the gateway's, in a forked benchmark JVM. */
    static AgroalDataSource pooled() throws SQLException {
        String url = System.getProperty(JDBC_URL);
        String passwordFile = System.getProperty(PASSWORD_FILE);
        if (url == null || passwordFile == null) {
            throw new IllegalStateException("run the ledger benchmarks through ./palisade bench (no database given)");
        }
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(pool -> pool
                .maxSize(4)
                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(url)
                        .principal(new NamePrincipal(PostgresServer.USER))
                        .credential(new SimplePassword(SecretFiles.read(Path.of(passwordFile)))))));
    }

    public record Started(LocalStack stack, List<String> forkOptions) {
        public void stop() {
            stack.stop(List.of(stack.postgres()));
        }
    }
}
