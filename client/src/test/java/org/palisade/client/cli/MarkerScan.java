// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds plaintext markers in files of any size (Kafka segments, logs), streaming in chunks that overlap by
 * the longest marker, so a marker across a chunk boundary is found too.
 */
final class MarkerScan {

  private static final int CHUNK = 8 * 1024 * 1024;

  private MarkerScan() {}

  /** Every {@code file: marker} found under {@code root}. */
  static List<String> find(Path root, List<String> markers) throws IOException {
    List<String> found = new ArrayList<>();
    if (!Files.exists(root)) {
      return found;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        for (String marker : findIn(file, markers)) {
          found.add(file + ": " + marker);
        }
      }
    }
    return found;
  }

  static List<String> findIn(byte[] bytes, List<String> markers) {
    List<String> found = new ArrayList<>();
    for (String marker : markers) {
      if (indexOf(bytes, bytes.length, marker.getBytes(StandardCharsets.UTF_8)) >= 0) {
        found.add(marker);
      }
    }
    return found;
  }

  private static List<String> findIn(Path file, List<String> markers) throws IOException {
    int overlap = markers.stream().mapToInt(m -> m.getBytes(StandardCharsets.UTF_8).length).max().orElse(1) - 1;
    List<String> found = new ArrayList<>();
    byte[] buffer = new byte[CHUNK + overlap];
    int kept = 0;
    try (InputStream in = Files.newInputStream(file)) {
      while (true) {
        int read = in.readNBytes(buffer, kept, CHUNK);
        int length = kept + read;
        for (String marker : markers) {
          if (!found.contains(marker) && indexOf(buffer, length, marker.getBytes(StandardCharsets.UTF_8)) >= 0) {
            found.add(marker);
          }
        }
        if (read < CHUNK) {
          return found;
        }
        kept = Math.min(overlap, length);
        System.arraycopy(buffer, length - kept, buffer, 0, kept);
      }
    }
  }

  private static int indexOf(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
