// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.attachments;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A stored attachment.
 *
 * @param id      the id to download it by; whoever holds it may download
 * @param size    the number of bytes stored, as uploaded
 * @param expires when its retention passes; from then on it is gone
 */
@Schema(name = "Attachment")
public record AttachmentResponse(UUID id, long size, Instant expires) {
}
