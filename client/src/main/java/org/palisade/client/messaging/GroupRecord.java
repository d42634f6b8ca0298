// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A group as this device knows it: id, name and members (usernames, this user included), and this device's
 * own sender key for it: the distribution id of its current chain and the devices that chain was handed to.
 * When a member leaves, the distribution id changes, so the one who left never holds the new chain.
 *
 * @param distributedTo {@code username/deviceId} of every device holding this device's current chain
 */
record GroupRecord(String id, String name, List<String> members, UUID distributionId, Set<String> distributedTo) {

  GroupRecord {
    members = List.copyOf(members);
    distributedTo = Set.copyOf(distributedTo);
  }

  GroupRecord withMembers(List<String> newMembers) {
    return new GroupRecord(id, name, newMembers, distributionId, distributedTo);
  }

  /** A fresh chain: handed to nobody yet. */
  GroupRecord rotated() {
    return new GroupRecord(id, name, members, UUID.randomUUID(), Set.of());
  }

  GroupRecord distributed(Set<String> devices) {
    return new GroupRecord(id, name, members, distributionId, devices);
  }

  MessageContent.GroupState state() {
    return new MessageContent.GroupState(id, name, members);
  }
}
