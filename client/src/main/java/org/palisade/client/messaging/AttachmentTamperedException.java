// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

/** A downloaded file does not match the digest or key its message carried: refused, nothing written. */
public final class AttachmentTamperedException extends RuntimeException {

  public AttachmentTamperedException() {
    super("the file does not match its message (changed or cut in transit or storage); nothing was saved");
  }
}
