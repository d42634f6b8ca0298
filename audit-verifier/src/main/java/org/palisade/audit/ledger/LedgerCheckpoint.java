// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.ledger;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A signed statement that the ledger's entry {@code seq} had hash {@code head} at {@code time}: the entries up
 * to it can no longer change without the audit-checkpoint key.
 *
 * @param seq       the seq of the entry it covers (and every entry before it)
 * @param time      when it was signed, in the format's one time form
 * @param head      that entry's hash
 * @param signature base64 of the DER ECDSA-with-SHA-256 signature over {@link #message()}
 */
public record LedgerCheckpoint(long seq, String time, String head, String signature) implements LedgerLine {

    public static final List<String> FIELDS = List.of("type", "seq", "time", "head", "signature");

    public LedgerCheckpoint {
        LedgerFields.requirePositive("seq", seq);
        LedgerFields.requireTime("time", time);
        LedgerFields.requireHash("head", head);
        LedgerFields.requireBase64("signature", signature);
    }

    public static LedgerCheckpoint signed(long seq, String time, String head, byte[] derSignature) {
        return new LedgerCheckpoint(seq, time, head, Base64.getEncoder().encodeToString(derSignature));
    }

    /** The signed bytes: see {@link LedgerFormat#checkpointMessage}. */
    public byte[] message() {
        return LedgerFormat.checkpointMessage(seq, head, time);
    }

    public byte[] signatureDer() {
        return Base64.getDecoder().decode(signature);
    }

    @Override
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "checkpoint");
        fields.put("seq", seq);
        fields.put("time", time);
        fields.put("head", head);
        fields.put("signature", signature);
        return FlatJson.write(fields);
    }

    static LedgerCheckpoint fromFields(Map<String, Object> map) {
        LedgerFields fields = new LedgerFields("checkpoint", map, FIELDS);
        return new LedgerCheckpoint(fields.integer("seq"), fields.string("time"), fields.string("head"),
                fields.string("signature"));
    }
}
