// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ceremony;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.palisade.hsm.token.PinSource;
import org.palisade.hsm.token.TokenConfig;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where the custody tools find the HSM token and the ledger database: environment variables naming files, so
 * neither the PIN nor the database password is ever on a command line or in a properties file.
 */
record CustodySettings(TokenConfig token, String ledgerJdbcUrl, String ledgerUser, Path ledgerPasswordFile) {

    static final String LIBRARY = "PALISADE_HSM_LIBRARY";
    static final String TOKEN_LABEL = "PALISADE_HSM_TOKEN_LABEL";
    static final String PIN_FILE = "PALISADE_HSM_PIN_FILE";
    static final String JDBC_URL = "PALISADE_LEDGER_JDBC_URL";
    static final String DB_USER = "PALISADE_LEDGER_DB_USER";
    static final String DB_PASSWORD_FILE = "PALISADE_LEDGER_DB_PASSWORD_FILE";

    static CustodySettings fromEnvironment(Map<String, String> env) {
        TokenConfig token = new TokenConfig(Path.of(required(env, LIBRARY)), required(env, TOKEN_LABEL),
                PinSource.file(Path.of(required(env, PIN_FILE))));
        return new CustodySettings(token, required(env, JDBC_URL), required(env, DB_USER),
                Path.of(required(env, DB_PASSWORD_FILE)));
    }

    DataSource ledgerDataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(ledgerJdbcUrl);
        dataSource.setUser(ledgerUser);
        try {
            dataSource.setPassword(Files.readString(ledgerPasswordFile, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new IllegalArgumentException(DB_PASSWORD_FILE + " names a file that cannot be read: " + ledgerPasswordFile);
        }
        dataSource.setConnectTimeout(5);
        return dataSource;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " is not set (./palisade sets it for the local stack)");
        }
        return value;
    }
}
