// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.palisade.client.store.ClientStore;

/** The groups this device is in, sealed in the local store (namespace {@value #NAMESPACE}). */
final class GroupDirectory {

  static final String NAMESPACE = "groups";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClientStore store;

  GroupDirectory(ClientStore store) {
    this.store = store;
  }

  Optional<GroupRecord> find(String groupId) {
    byte[] bytes = store.get(NAMESPACE, groupId);
    return bytes == null ? Optional.empty() : Optional.of(read(bytes));
  }

  void save(GroupRecord group) {
    try {
      store.put(NAMESPACE, group.id(), JSON.writeValueAsBytes(group));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<GroupRecord> all() {
    List<GroupRecord> groups = new ArrayList<>();
    for (byte[] bytes : store.values(NAMESPACE)) {
      groups.add(read(bytes));
    }
    groups.sort((a, b) -> a.name().compareTo(b.name()));
    return groups;
  }

  private static GroupRecord read(byte[] bytes) {
    try {
      return JSON.readValue(new String(bytes, StandardCharsets.UTF_8), GroupRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
