// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.h2.mvstore.MVStoreException;

/**
 * The client's encrypted local store: one directory per profile with an H2 database in which every
 * record is sealed with AES-256-GCM under a key derived from the user's passphrase (Argon2id) or
 * supplied by the host app. Records are addressed by a namespace and a name; both are replaced in the
 * database by HMAC tags, and the name is kept inside the sealed value. See {@code
 * docs/client-store.md}.
 *
 * <p><b>Writes.</b> Every {@code put} and {@code delete} is its own transaction, committed and synced
 * to disk before it returns, unless it runs inside {@link #inTransaction}; then everything the work
 * wrote commits together, or nothing does. Nothing is cached: each read goes to the database, so no
 * older copy can ever be written back over newer data.
 *
 * <p><b>Threads.</b> All methods may be called from any thread. Access is serialised by one lock, which
 * {@link #inTransaction} holds for the whole work: other threads wait until the transaction ends and
 * never see half of it.
 *
 * <p><b>Errors.</b> Every failure is a {@link StoreException} with a {@link StoreException.Reason}: a
 * wrong key is reported before anything is read, a damaged file as CORRUPT, a record that fails
 * authentication as TAMPERED. The store never starts empty over a damaged file.
 */
public final class ClientStore implements AutoCloseable {

  /** Work done inside a transaction; may throw its own checked exception. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /** Reserved namespace holding the store id, which ties the database to its header. */
  static final String META_NAMESPACE = "store-meta";

  static final int MAX_NAMESPACE_LENGTH = 512;
  static final int MAX_NAME_LENGTH = 4096;

  private static final String META_STORE_ID = "store-id";
  /** H2 wants a user; there is no password, the protection is the sealing. */
  static final String DATABASE_USER = "palisade";
  private static final String SETTINGS =
      // no trace file (it could log statements); the host closes the store, not a JVM shutdown hook
      ";TRACE_LEVEL_FILE=0;DB_CLOSE_ON_EXIT=FALSE";
  private static final String TABLE = "sealed_record";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<Path> OPEN_DIRECTORIES = ConcurrentHashMap.newKeySet();

  private final StoreFiles files;
  private final RecordSealer sealer;
  private final ReentrantLock lock = new ReentrantLock();

  // guarded by lock
  private Connection connection;
  private int transactionDepth;

  private ClientStore(StoreFiles files, RecordSealer sealer, Connection connection) {
    this.files = files;
    this.sealer = sealer;
    this.connection = connection;
  }

  // --- creating and opening ---

  /**
   * Creates a new store protected by a passphrase (Argon2id, 64 MiB, 3 iterations, 1 lane). The
   * directory is created with mode 0700, or may exist if it holds no store. The caller's array is not
   * modified; it may wipe it when this returns.
   *
   * @throws StoreException ALREADY_EXISTS when the directory already holds a store; IO
   */
  public static ClientStore create(Path directory, char[] passphrase) {
    return create(directory, passphrase, Argon2Settings.DEFAULT);
  }

  /** As {@link #create(Path, char[])} with explicit Argon2 cost (tests use cheap parameters). */
  static ClientStore create(Path directory, char[] passphrase, Argon2Settings argon2) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(argon2, "argon2");
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("the passphrase must not be empty");
    }
    StoreFiles files = new StoreFiles(directory);
    if (files.holdsAStore()) {
      // before spending a second on Argon2; prepareForCreate checks again
      throw new StoreException(StoreException.Reason.ALREADY_EXISTS, "the directory already holds a store");
    }
    byte[] salt = randomBytes(16);
    StoreKey key = StoreKey.fromPassphrase(passphrase, salt, argon2);
    return create(files, key, StoreHeader.KeySource.PASSPHRASE, argon2, salt);
  }

  /**
   * Creates a new store under a 32-byte key the host app keeps (for example in the platform keystore).
   * The bytes are copied.
   *
   * @throws StoreException ALREADY_EXISTS when the directory already holds a store; IO
   */
  public static ClientStore create(Path directory, byte[] hostKey) {
    Objects.requireNonNull(directory, "directory");
    StoreKey key = StoreKey.fromBytes(hostKey);
    return create(new StoreFiles(directory), key, StoreHeader.KeySource.HOST_KEY, null, null);
  }

  /**
   * Opens a passphrase store. The key is checked against the header before the database is opened.
   *
   * @throws StoreException WRONG_KEY, NOT_FOUND, CORRUPT, TAMPERED, UNSUPPORTED_VERSION, IN_USE or IO
   */
  public static ClientStore open(Path directory, char[] passphrase) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(passphrase, "passphrase");
    StoreFiles files = new StoreFiles(directory);
    StoreHeader header = StoreHeader.parse(files.readHeader());
    if (header.keySource() != StoreHeader.KeySource.PASSPHRASE) {
      throw wrongKey();
    }
    StoreKey key = StoreKey.fromPassphrase(passphrase, header.salt(), header.argon2());
    return open(files, header, key);
  }

  /**
   * Opens a store created with a host key.
   *
   * @throws StoreException WRONG_KEY, NOT_FOUND, CORRUPT, TAMPERED, UNSUPPORTED_VERSION, IN_USE or IO
   */
  public static ClientStore open(Path directory, byte[] hostKey) {
    Objects.requireNonNull(directory, "directory");
    StoreKey key = StoreKey.fromBytes(hostKey);
    StoreFiles files = new StoreFiles(directory);
    StoreHeader header;
    try {
      header = StoreHeader.parse(files.readHeader());
    } catch (RuntimeException e) {
      key.destroy();
      throw e;
    }
    if (header.keySource() != StoreHeader.KeySource.HOST_KEY) {
      key.destroy();
      throw wrongKey();
    }
    return open(files, header, key);
  }

  /** Whether the directory holds a store (complete or not): open it rather than create one. */
  public static boolean exists(Path directory) {
    return new StoreFiles(directory).holdsAStore();
  }

  private static ClientStore create(
      StoreFiles files,
      StoreKey key,
      StoreHeader.KeySource keySource,
      Argon2Settings argon2,
      byte[] salt) {
    RecordSealer sealer;
    try {
      sealer = RecordSealer.from(key);
    } finally {
      key.destroy();
    }
    files.prepareForCreate();
    claim(files);
    byte[] storeId = randomBytes(StoreHeader.STORE_ID_LENGTH);
    byte[] keyCheck = sealer.keyCheck(StoreHeader.binding(keySource, argon2, salt, storeId));
    StoreHeader header = new StoreHeader(keySource, argon2, salt, storeId, keyCheck);
    Connection connection = null;
    try {
      // the header is written last: a store without one is never mistaken for a complete store
      connection = connect(files, false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE "
                + TABLE
                + " (row_id BINARY(32) PRIMARY KEY, ns_tag BINARY(32) NOT NULL,"
                + " sealed VARBINARY NOT NULL)");
        statement.execute("CREATE INDEX " + TABLE + "_ns ON " + TABLE + " (ns_tag)");
      }
      ClientStore store = new ClientStore(files, sealer, connection);
      store.store(META_NAMESPACE, META_STORE_ID, storeId);
      files.restrictFiles();
      files.writeHeader(header.toJson());
      return store;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
      files.deleteAfterFailedCreate();
      release(files);
      if (e instanceof StoreException storeException) {
        throw storeException;
      }
      throw failure(e, "cannot create the store database");
    }
  }

  private static ClientStore open(StoreFiles files, StoreHeader header, StoreKey key) {
    RecordSealer sealer;
    try {
      sealer = RecordSealer.from(key);
    } finally {
      key.destroy();
    }
    if (!sealer.verifiesKeyCheck(header.keyCheck(), header.binding())) {
      throw wrongKey();
    }
    if (!Files.isRegularFile(files.database())) {
      throw new StoreException(StoreException.Reason.CORRUPT, "the store database is missing");
    }
    claim(files);
    Connection connection;
    try {
      connection = connect(files, true);
    } catch (SQLException | DbException | MVStoreException e) {
      release(files);
      throw failure(e, "cannot open the store database");
    }
    ClientStore store = new ClientStore(files, sealer, connection);
    try {
      byte[] storeId = store.load(META_NAMESPACE, META_STORE_ID);
      if (storeId == null || !Arrays.equals(storeId, header.storeId())) {
        // an empty or foreign database: refuse it rather than start over
        throw new StoreException(
            StoreException.Reason.CORRUPT, "the store database does not belong to this header");
      }
      files.restrictFiles();
      return store;
    } catch (RuntimeException e) {
      store.closeQuietly();
      throw e;
    }
  }

  /**
   * Marks the directory as open in this JVM. H2 lets a second connection into a database the same JVM
   * already has open (only other processes are kept out by its file lock); that connection would
   * bypass this store's lock and transactions.
   */
  private static void claim(StoreFiles files) {
    if (!OPEN_DIRECTORIES.add(files.identity())) {
      throw new StoreException(StoreException.Reason.IN_USE, "the store is already open");
    }
  }

  private static void release(StoreFiles files) {
    OPEN_DIRECTORIES.remove(files.identity());
  }

  private static Connection connect(StoreFiles files, boolean mustExist) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", DATABASE_USER);
    properties.setProperty("password", "");
    String url = files.databaseUrl() + SETTINGS + (mustExist ? ";IFEXISTS=TRUE" : "");
    Connection connection = new org.h2.Driver().connect(url, properties);
    if (connection == null) {
      throw new SQLException("the H2 driver refused the URL");
    }
    return connection;
  }

  // --- records ---

  /** The value stored under {@code name} in {@code namespace}, or null. */
  public byte[] get(String namespace, String name) {
    checkNames(namespace, name);
    return load(namespace, name);
  }

  private byte[] load(String namespace, String name) {
    byte[] rowId = sealer.rowId(namespace, name);
    byte[] sealed =
        locked(
            connection -> {
              try (PreparedStatement select =
                  connection.prepareStatement("SELECT sealed FROM " + TABLE + " WHERE row_id = ?")) {
                select.setBytes(1, rowId);
                try (ResultSet result = select.executeQuery()) {
                  return result.next() ? result.getBytes(1) : null;
                }
              }
            });
    return sealed == null ? null : sealer.open(namespace, rowId, sealed).value();
  }

  /** Stores {@code value} under {@code name}, replacing what was there. */
  public void put(String namespace, String name, byte[] value) {
    checkNames(namespace, name);
    Objects.requireNonNull(value, "value");
    store(namespace, name, value);
  }

  private void store(String namespace, String name, byte[] value) {
    byte[] rowId = sealer.rowId(namespace, name);
    byte[] namespaceTag = sealer.namespaceTag(namespace);
    byte[] sealed = sealer.seal(namespace, rowId, name, value);
    write(
        connection -> {
          try (PreparedStatement merge =
              connection.prepareStatement(
                  "MERGE INTO " + TABLE + " (row_id, ns_tag, sealed) KEY (row_id) VALUES (?, ?, ?)")) {
            merge.setBytes(1, rowId);
            merge.setBytes(2, namespaceTag);
            merge.setBytes(3, sealed);
            merge.executeUpdate();
          }
          return null;
        });
  }

  /**
   * Stores {@code value} under {@code name} unless something is stored there already.
   *
   * @return true when it was stored, false when the name was taken (the stored value is unchanged)
   */
  public boolean putIfAbsent(String namespace, String name, byte[] value) {
    checkNames(namespace, name);
    Objects.requireNonNull(value, "value");
    byte[] rowId = sealer.rowId(namespace, name);
    byte[] namespaceTag = sealer.namespaceTag(namespace);
    byte[] sealed = sealer.seal(namespace, rowId, name, value);
    return write(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE row_id = ?")) {
            select.setBytes(1, rowId);
            try (ResultSet result = select.executeQuery()) {
              if (result.next()) {
                return false;
              }
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO " + TABLE + " (row_id, ns_tag, sealed) VALUES (?, ?, ?)")) {
            insert.setBytes(1, rowId);
            insert.setBytes(2, namespaceTag);
            insert.setBytes(3, sealed);
            insert.executeUpdate();
          }
          return true;
        });
  }

  /** Whether something is stored under {@code name}; does not open the value. */
  public boolean contains(String namespace, String name) {
    checkNames(namespace, name);
    byte[] rowId = sealer.rowId(namespace, name);
    return locked(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE row_id = ?")) {
            select.setBytes(1, rowId);
            try (ResultSet result = select.executeQuery()) {
              return result.next();
            }
          }
        });
  }

  /**
   * Removes the record under {@code name}.
   *
   * @return whether there was one
   */
  public boolean delete(String namespace, String name) {
    checkNames(namespace, name);
    byte[] rowId = sealer.rowId(namespace, name);
    return write(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM " + TABLE + " WHERE row_id = ?")) {
            delete.setBytes(1, rowId);
            return delete.executeUpdate() > 0;
          }
        });
  }

  /**
   * Removes every record of a namespace.
   *
   * @return how many there were
   */
  public int deleteAll(String namespace) {
    checkNamespace(namespace);
    byte[] namespaceTag = sealer.namespaceTag(namespace);
    return write(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM " + TABLE + " WHERE ns_tag = ?")) {
            delete.setBytes(1, namespaceTag);
            return delete.executeUpdate();
          }
        });
  }

  /**
   * Every record of a namespace, by name in {@link String#compareTo} order. Opens each one, so a
   * single tampered record makes the whole call fail with TAMPERED.
   */
  public Map<String, byte[]> entries(String namespace) {
    checkNamespace(namespace);
    byte[] namespaceTag = sealer.namespaceTag(namespace);
    List<byte[][]> rows =
        locked(
            connection -> {
              try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT row_id, sealed FROM " + TABLE + " WHERE ns_tag = ?")) {
                select.setBytes(1, namespaceTag);
                List<byte[][]> found = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                  while (result.next()) {
                    found.add(new byte[][] {result.getBytes(1), result.getBytes(2)});
                  }
                }
                return found;
              }
            });
    Map<String, byte[]> entries = new TreeMap<>();
    for (byte[][] row : rows) {
      RecordSealer.Opened opened = sealer.open(namespace, row[0], row[1]);
      entries.put(opened.name(), opened.value());
    }
    return Collections.unmodifiableMap(entries);
  }

  /** The values of every record of a namespace, in the order of their names. */
  public List<byte[]> values(String namespace) {
    return List.copyOf(entries(namespace).values());
  }

  // --- transactions ---

  /**
   * Runs {@code work} as one transaction: every write it makes through this store commits together,
   * synced to disk, when it returns normally, and none does when it throws. Other threads wait until
   * it ends. A nested call joins the outer transaction behind a savepoint: if the inner work throws,
   * only its writes are undone, and the exception is the outer work's to handle.
   *
   * <p>Take {@link AddressLocks} before starting a transaction, never inside one.
   */
  public <T, E extends Exception> T inTransaction(Work<T, E> work) throws E {
    Objects.requireNonNull(work, "work");
    lock.lock();
    try {
      Connection connection = requireOpen();
      return transactionDepth == 0 ? outermost(connection, work) : nested(connection, work);
    } finally {
      lock.unlock();
    }
  }

  private <T, E extends Exception> T outermost(Connection connection, Work<T, E> work) throws E {
    sql(
        () -> {
          connection.setAutoCommit(false);
          return null;
        });
    transactionDepth = 1;
    boolean committed = false;
    try {
      T result = work.run();
      sql(
          () -> {
            connection.commit();
            return null;
          });
      committed = true;
      syncToDisk(connection);
      return result;
    } finally {
      transactionDepth = 0;
      if (!committed) {
        try {
          connection.rollback();
        } catch (SQLException | RuntimeException e) {
          // the transaction did not commit; closing the connection discards it anyway
        }
      }
      try {
        connection.setAutoCommit(true);
      } catch (SQLException | RuntimeException e) {
        // the next transaction sets it again; reads are unaffected
      }
    }
  }

  private <T, E extends Exception> T nested(Connection connection, Work<T, E> work) throws E {
    Savepoint savepoint = sql(connection::setSavepoint);
    transactionDepth++;
    try {
      return work.run();
    } catch (Throwable failure) {
      try {
        connection.rollback(savepoint);
      } catch (SQLException | RuntimeException e) {
        failure.addSuppressed(e);
      }
      throw failure;
    } finally {
      transactionDepth--;
    }
  }

  private static void syncToDisk(Connection connection) {
    // H2 writes committed data in the background; a session state that is acknowledged but then lost
    // in a crash is exactly a rollback, so every commit is forced to disk before the caller goes on
    sql(
        () -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
          }
          return null;
        });
  }

  // --- lifecycle ---

  /** The store's directory. */
  public Path directory() {
    return files.directory();
  }

  /** Closes the database. Idempotent; not allowed inside {@link #inTransaction}. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (transactionDepth > 0) {
        throw new IllegalStateException("cannot close the store inside a transaction");
      }
      if (connection == null) {
        return;
      }
      Connection closing = connection;
      connection = null;
      try {
        sql(
            () -> {
              closing.close();
              return null;
            });
      } finally {
        release(files);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "ClientStore[" + (isOpen() ? "open" : "closed") + "]";
  }

  /** Whether {@link #close()} has not been called yet. */
  public boolean isOpen() {
    lock.lock();
    try {
      return connection != null;
    } finally {
      lock.unlock();
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      // already failing
    }
  }

  // --- plumbing ---

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  private interface SqlCall<T> {
    T call() throws SQLException;
  }

  private <T> T locked(SqlWork<T> work) {
    lock.lock();
    try {
      Connection open = requireOpen();
      return sql(() -> work.run(open));
    } finally {
      lock.unlock();
    }
  }

  private <T> T write(SqlWork<T> work) {
    return inTransaction(() -> locked(work));
  }

  private Connection requireOpen() {
    if (connection == null) {
      throw new StoreException(StoreException.Reason.CLOSED, "the store is closed");
    }
    return connection;
  }

  private static <T> T sql(SqlCall<T> call) {
    try {
      return call.call();
    } catch (SQLException | DbException | MVStoreException e) {
      throw failure(e, "the store database failed");
    }
  }

  /** Maps an H2 failure to a reason; the statements are fixed, so most failures come from the file. */
  private static StoreException failure(Exception e, String message) {
    int code = 0;
    if (e instanceof SQLException sqlException) {
      code = sqlException.getErrorCode();
    } else if (e instanceof DbException dbException) {
      code = dbException.getErrorCode();
    }
    StoreException.Reason reason =
        switch (code) {
          case ErrorCode.DATABASE_ALREADY_OPEN_1 -> StoreException.Reason.IN_USE;
          case ErrorCode.IO_EXCEPTION_1,
              ErrorCode.IO_EXCEPTION_2,
              ErrorCode.FILE_CREATION_FAILED_1,
              ErrorCode.FILE_RENAME_FAILED_2,
              ErrorCode.FILE_DELETE_FAILED_1,
              ErrorCode.DATABASE_IS_READ_ONLY -> StoreException.Reason.IO;
          case ErrorCode.DATABASE_IS_CLOSED -> StoreException.Reason.CLOSED;
          default -> StoreException.Reason.CORRUPT;
        };
    return new StoreException(reason, message, e);
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException | RuntimeException e) {
        // already failing
      }
    }
  }

  private static StoreException wrongKey() {
    return new StoreException(StoreException.Reason.WRONG_KEY, "the key does not open this store");
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static void checkNames(String namespace, String name) {
    checkNamespace(namespace);
    Objects.requireNonNull(name, "name");
    if (name.length() > MAX_NAME_LENGTH || !wellFormed(name)) {
      throw new IllegalArgumentException("invalid record name");
    }
  }

  private static void checkNamespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isEmpty() || namespace.length() > MAX_NAMESPACE_LENGTH || !wellFormed(namespace)) {
      throw new IllegalArgumentException("invalid namespace");
    }
    if (namespace.equals(META_NAMESPACE)) {
      throw new IllegalArgumentException("the namespace " + META_NAMESPACE + " is reserved");
    }
  }

  /** No lone surrogates: two such strings could encode to the same UTF-8 bytes. */
  private static boolean wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
