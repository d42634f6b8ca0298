// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of one store: a directory (0700 where the file system has POSIX permissions) holding the
 * header {@value #HEADER} and the H2 database {@value #DATABASE} (both 0600).
 */
final class StoreFiles {

  static final String HEADER = "store.header";
  static final String DATABASE = "store.mv.db";

  /** The name H2 is given; it appends {@code .mv.db}. */
  static final String DATABASE_BASE_NAME = "store";

  private static final String HEADER_TEMP = "store.header.tmp";
  private static final Set<PosixFilePermission> DIRECTORY_MODE =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

  private final Path directory;

  StoreFiles(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
    if (this.directory.toString().indexOf(';') >= 0) {
      // H2 reads ';' in a database URL as the start of its settings
      throw new IllegalArgumentException("the store directory path must not contain ';'");
    }
  }

  Path directory() {
    return directory;
  }

  /** The directory with symbolic links resolved, so two paths to one store are recognised. */
  Path identity() {
    try {
      return directory.toRealPath();
    } catch (IOException e) {
      return directory;
    }
  }

  Path header() {
    return directory.resolve(HEADER);
  }

  Path database() {
    return directory.resolve(DATABASE);
  }

  /** The H2 URL of the database, without settings. */
  String databaseUrl() {
    return "jdbc:h2:file:" + directory.resolve(DATABASE_BASE_NAME);
  }

  boolean holdsAStore() {
    return Files.exists(header(), LinkOption.NOFOLLOW_LINKS)
        || Files.exists(database(), LinkOption.NOFOLLOW_LINKS);
  }

  /** Creates the directory (0700), or accepts an existing one that holds no store. */
  void prepareForCreate() {
    try {
      if (Files.isDirectory(directory)) {
        if (holdsAStore()) {
          throw new StoreException(
              StoreException.Reason.ALREADY_EXISTS, "the directory already holds a store");
        }
        restrict(directory, DIRECTORY_MODE);
        return;
      }
      Path parent = directory.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (posix()) {
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(DIRECTORY_MODE);
        Files.createDirectory(directory, mode);
        // the umask may have taken bits away, never added any; set it exactly anyway
        Files.setPosixFilePermissions(directory, DIRECTORY_MODE);
      } else {
        Files.createDirectory(directory);
      }
    } catch (FileAlreadyExistsException e) {
      throw new StoreException(StoreException.Reason.IO, "the store path is not a directory", e);
    } catch (IOException e) {
      throw new StoreException(StoreException.Reason.IO, "cannot create the store directory", e);
    }
  }

  /**
   * Reads the header.
   *
   * @throws StoreException NOT_FOUND when the directory holds no store at all, CORRUPT when the
   *     database is there but the header is missing or unreadable
   */
  byte[] readHeader() {
    if (!Files.exists(header(), LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(database(), LinkOption.NOFOLLOW_LINKS)) {
        throw new StoreException(StoreException.Reason.CORRUPT, "the store header is missing");
      }
      throw new StoreException(StoreException.Reason.NOT_FOUND, "there is no store in the directory");
    }
    try (InputStream in = Files.newInputStream(header(), LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(StoreHeader.MAX_SIZE + 1);
      if (bytes.length > StoreHeader.MAX_SIZE) {
        throw new StoreException(StoreException.Reason.CORRUPT, "the store header is malformed");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new StoreException(StoreException.Reason.CORRUPT, "the store header is missing", e);
    } catch (IOException e) {
      throw new StoreException(StoreException.Reason.IO, "cannot read the store header", e);
    }
  }

  /** Writes the header (0600) through a temporary file, so it is either complete or absent. */
  void writeHeader(byte[] json) {
    Path temp = directory.resolve(HEADER_TEMP);
    try {
      Files.deleteIfExists(temp);
      if (posix()) {
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(FILE_MODE));
      } else {
        Files.createFile(temp);
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(json);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, header(), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, header());
      }
      syncDirectory();
    } catch (IOException e) {
      throw new StoreException(StoreException.Reason.IO, "cannot write the store header", e);
    }
  }

  /** Sets 0600 on every regular file in the directory (H2 creates its files with the umask's mode). */
  void restrictFiles() {
    try (Stream<Path> children = Files.list(directory)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
          restrict(child, FILE_MODE);
        }
      }
    } catch (IOException e) {
      throw new StoreException(StoreException.Reason.IO, "cannot restrict the store files", e);
    }
  }

  /** Removes what a failed {@code create} left behind; best effort. */
  void deleteAfterFailedCreate() {
    for (Path file : new Path[] {database(), header(), directory.resolve(HEADER_TEMP)}) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // nothing more to do: opening reports the leftovers as a corrupt store
      }
    }
  }

  private void syncDirectory() {
    // makes the rename durable on Linux; other systems refuse to open a directory, which is fine
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }

  private boolean posix() {
    return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(path, mode);
    }
  }
}
