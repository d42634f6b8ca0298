// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.ledger;

import java.util.Map;

/**
 * One line of a ledger export: the header (always line 1), an entry, or a checkpoint. Each is one flat JSON
 * object whose {@code type} field says which.
 */
public sealed interface LedgerLine permits LedgerHeader, LedgerEntry, LedgerCheckpoint {

    /** The line as the format writes it (without the line feed that ends it). */
    String toJson();

    /**
     * Reads one line (without its line feed).
     *
     * @throws LedgerFormatException naming the first thing wrong with it
     */
    static LedgerLine parse(String json) {
        Map<String, Object> fields = FlatJson.parse(json);
        Object type = fields.get("type");
        if (type == null) {
            throw new LedgerFormatException("missing field \"type\"");
        }
        if ("entry".equals(type)) {
            return LedgerEntry.fromFields(fields);
        }
        if ("checkpoint".equals(type)) {
            return LedgerCheckpoint.fromFields(fields);
        }
        if ("header".equals(type)) {
            return LedgerHeader.fromFields(fields);
        }
        throw new LedgerFormatException("field \"type\" is header, entry or checkpoint");
    }
}
