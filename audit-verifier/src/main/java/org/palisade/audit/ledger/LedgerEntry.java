// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One use (or attempted use) of an organisation key, chained to the entry before it.
 *
 * <p>{@code hash} is as recorded; {@link #computeHash()} is what it should be. A record can hold a wrong hash,
 * so that a verifier can read a tampered line and say what is wrong with it.
 *
 * @param seq       1 for the first entry, then each entry one more than the one before
 * @param time      when the ledger appended it, in the format's one time form (see {@link LedgerFormat#formatTime})
 * @param key       the key's name ({@code device-ca}, {@code storage-kek}, {@code audit-checkpoint})
 * @param version   the key's version, from 1
 * @param operation one of {@link LedgerFormat#OPERATIONS}
 * @param purpose   why, in a few words (no control characters, at most 200 characters)
 * @param principal {@code service:NAME} or {@code person:NAME}
 * @param outcome   one of {@link LedgerFormat#OUTCOMES}
 * @param detail    a short fixed reason for a failure or refusal, or {@code ""}
 * @param count     how many identical uses the entry stands for, from 1
 * @param prev      the previous entry's hash, or {@link LedgerFormat#ZERO_HASH} for the first
 * @param hash      the hex SHA-256 of {@link #canonical()}
 */
public record LedgerEntry(long seq, String time, String key, int version, String operation, String purpose,
        String principal, String outcome, String detail, int count, String prev, String hash) implements LedgerLine {

    /** The fields in the order of both the JSON line and the hash input. */
    public static final List<String> FIELDS = List.of("type", "seq", "time", "key", "version", "operation",
            "purpose", "principal", "outcome", "detail", "count", "prev", "hash");

    public LedgerEntry {
        LedgerFields.requirePositive("seq", seq);
        LedgerFields.requireTime("time", time);
        LedgerFields.requireName("key", key);
        LedgerFields.requirePositive("version", version);
        LedgerFields.requireOneOf("operation", operation, LedgerFormat.OPERATIONS);
        LedgerFields.requireText("purpose", purpose);
        LedgerFields.requirePrincipal(principal);
        LedgerFields.requireOneOf("outcome", outcome, LedgerFormat.OUTCOMES);
        LedgerFields.requireText("detail", detail);
        LedgerFields.requirePositive("count", count);
        LedgerFields.requireHash("prev", prev);
        LedgerFields.requireHash("hash", hash);
    }

    /** A new entry after the one whose hash is {@code prev}, with its hash computed. */
    public static LedgerEntry chained(long seq, String time, String key, int version, String operation,
            String purpose, String principal, String outcome, String detail, int count, String prev) {
        LedgerEntry unhashed = new LedgerEntry(seq, time, key, version, operation, purpose, principal, outcome,
                detail, count, prev, LedgerFormat.ZERO_HASH);
        return new LedgerEntry(seq, time, key, version, operation, purpose, principal, outcome, detail, count, prev,
                unhashed.computeHash());
    }

    /**
     * The hash input, before UTF-8 encoding: {@value LedgerFormat#ENTRY_DOMAIN} followed, for each of seq,
     * time, key, version, operation, purpose, principal, outcome, detail, count and prev in that order, by
     * {@code |<UTF-8 byte length of the value, decimal>:<value>} (integers in decimal).
     */
    public String canonical() {
        StringBuilder canonical = new StringBuilder(256).append(LedgerFormat.ENTRY_DOMAIN);
        LedgerFormat.appendCanonicalField(canonical, Long.toString(seq));
        LedgerFormat.appendCanonicalField(canonical, time);
        LedgerFormat.appendCanonicalField(canonical, key);
        LedgerFormat.appendCanonicalField(canonical, Integer.toString(version));
        LedgerFormat.appendCanonicalField(canonical, operation);
        LedgerFormat.appendCanonicalField(canonical, purpose);
        LedgerFormat.appendCanonicalField(canonical, principal);
        LedgerFormat.appendCanonicalField(canonical, outcome);
        LedgerFormat.appendCanonicalField(canonical, detail);
        LedgerFormat.appendCanonicalField(canonical, Integer.toString(count));
        LedgerFormat.appendCanonicalField(canonical, prev);
        return canonical.toString();
    }

    /** What {@link #hash} should be. */
    public String computeHash() {
        return LedgerFormat.sha256Hex(canonical().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "entry");
        fields.put("seq", seq);
        fields.put("time", time);
        fields.put("key", key);
        fields.put("version", version);
        fields.put("operation", operation);
        fields.put("purpose", purpose);
        fields.put("principal", principal);
        fields.put("outcome", outcome);
        fields.put("detail", detail);
        fields.put("count", count);
        fields.put("prev", prev);
        fields.put("hash", hash);
        return FlatJson.write(fields);
    }

    static LedgerEntry fromFields(Map<String, Object> map) {
        LedgerFields fields = new LedgerFields("entry", map, FIELDS);
        return new LedgerEntry(fields.integer("seq"), fields.string("time"), fields.string("key"),
                fields.positiveInt("version"), fields.string("operation"), fields.string("purpose"),
                fields.string("principal"), fields.string("outcome"), fields.string("detail"),
                fields.positiveInt("count"), fields.string("prev"), fields.string("hash"));
    }
}
