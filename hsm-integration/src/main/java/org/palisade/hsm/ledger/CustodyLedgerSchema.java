// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The ledger's tables, in the schema of the data source's connections, created when absent. Both refuse
 * UPDATE, DELETE and TRUNCATE through a trigger, so the application has no way to change the record even by
 * mistake; a superuser or the tables' owner can still drop the trigger, which the hash chain and the signed
 * checkpoints then reveal.
 */
final class CustodyLedgerSchema {

    static final String ENTRIES = "custody_ledger_entries";
    static final String CHECKPOINTS = "custody_ledger_checkpoints";

    /**
     * Serialises appends from every process sharing the database: an advisory lock needs no table privilege
     * beyond INSERT and SELECT (LOCK TABLE in a self-excluding mode would need UPDATE or DELETE), and blocks no
     * reader. Keyed by the entries table's oid, so ledgers in different schemas do not wait for each other.
     */
    static final String APPEND_LOCK = "select pg_advisory_xact_lock((x'50414c49'::bigint << 32) | '" + ENTRIES
            + "'::regclass::oid::bigint)";

    /** Concurrent CREATE OR REPLACE of one function fails in PostgreSQL, so start-ups take turns. */
    private static final String SCHEMA_LOCK = "select pg_advisory_xact_lock(x'50414c4953434845'::bigint)";

    private static final List<String> DDL = List.of(
            "create table if not exists " + ENTRIES + " ("
                    + " seq bigint primary key check (seq >= 1),"
                    + " hash text not null,"
                    + " line text not null)",
            "create table if not exists " + CHECKPOINTS + " ("
                    + " seq bigint primary key references " + ENTRIES + " (seq),"
                    + " line text not null)",
            "create or replace function custody_ledger_append_only() returns trigger language plpgsql as $$"
                    + " begin raise exception 'the custody ledger is append-only'; end $$",
            trigger(ENTRIES, "no_change", "before update or delete", "for each row"),
            trigger(ENTRIES, "no_truncate", "before truncate", "for each statement"),
            trigger(CHECKPOINTS, "no_change", "before update or delete", "for each row"),
            trigger(CHECKPOINTS, "no_truncate", "before truncate", "for each statement"));

    private CustodyLedgerSchema() {
    }

    private static String trigger(String table, String name, String when, String granularity) {
        return "create or replace trigger " + table + "_" + name + " " + when + " on " + table + " " + granularity
                + " execute function custody_ledger_append_only()";
    }

    /**
     * Creates what is missing. When everything is there it runs no DDL at all, so the gateway's role needs no
     * CREATE privilege or table ownership once the tables exist (CREATE ... IF NOT EXISTS still checks both).
     */
    static void createIfAbsent(Connection connection) throws SQLException {
        if (complete(connection)) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA_LOCK);
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean complete(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select count(*) from pg_trigger"
                        + " where tgrelid in (to_regclass('" + ENTRIES + "'), to_regclass('" + CHECKPOINTS + "'))"
                        + " and tgname in ('" + ENTRIES + "_no_change', '" + ENTRIES + "_no_truncate', '" + CHECKPOINTS
                        + "_no_change', '" + CHECKPOINTS + "_no_truncate')")) {
            row.next();
            return row.getInt(1) == 4;
        }
    }
}
