// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import org.palisade.client.safety.SafetyNumber;
import org.palisade.client.store.IdentityStatus;

/**
 * One certified device of a contact with the safety number between it and this device, and how far the user
 * trusts its key: {@code UNVERIFIED}, {@code VERIFIED} or {@code CHANGED_AFTER_VERIFICATION}; null when no
 * message was exchanged with it yet.
 */
public record PeerDevice(String username, int deviceId, SafetyNumber safetyNumber, IdentityStatus status,
    boolean keyChanged) {}
