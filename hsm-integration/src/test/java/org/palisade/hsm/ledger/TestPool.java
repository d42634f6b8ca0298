// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A small connection pool, as the gateway has one (a TLS and SCRAM handshake per append would make the tests
 * slow). When all {@code size} connections are out, a request fails after a short wait, so a pool of one
 * catches code that holds a connection while something else needs one.
 */
final class TestPool implements DataSource, AutoCloseable {

    private final DataSource delegate;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    TestPool(DataSource delegate, int size) {
        this.delegate = delegate;
        this.permits = new Semaphore(size);
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            if (!permits.tryAcquire(2, TimeUnit.SECONDS)) {
                throw new SQLException("every pooled connection is in use", "08004");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", "08004");
        }
        Connection physical = idle.poll();
        if (physical == null) {
            try {
                physical = delegate.getConnection();
            } catch (SQLException | RuntimeException e) {
                permits.release();
                throw e;
            }
        }
        return lease(physical);
    }

    private Connection lease(Connection physical) {
        AtomicBoolean returned = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if ("close".equals(method.getName())) {
                        if (returned.compareAndSet(false, true)) {
                            giveBack(physical);
                        }
                        return null;
                    }
                    if ("isClosed".equals(method.getName())) {
                        return returned.get() || physical.isClosed();
                    }
                    if (returned.get()) {
                        throw new SQLException("this connection was returned to the pool", "08003");
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void giveBack(Connection physical) {
        try {
            if (!physical.isClosed() && physical.getAutoCommit()) {
                idle.add(physical);
            } else {
                physical.close();
            }
        } catch (SQLException e) {
            // a broken connection is simply not reused
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("not supported");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
