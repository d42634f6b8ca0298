// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The constants and byte-exact encodings of {@code palisade-custody-ledger/1}, as documented in
 * {@code docs/custody-ledger.md}: anything here that changes changes the format id.
 */
public final class LedgerFormat {

    /** The header's {@code format} value. */
    public static final String FORMAT_ID = "palisade-custody-ledger/1";

    /** The {@code prev} of the first entry. */
    public static final String ZERO_HASH = "0".repeat(64);

    /** The {@code operation} values of this format version. */
    public static final List<String> OPERATIONS =
            List.of("generate", "sign", "dek-encrypt", "dek-decrypt", "rotate", "re-encrypt", "destroy");

    /** The {@code outcome} values of this format version. */
    public static final List<String> OUTCOMES = List.of("success", "failure", "refused");

    /** What an entry's hash input starts with. */
    public static final String ENTRY_DOMAIN = "palisade-ledger-entry|v1";

    /** What a checkpoint's signed message starts with. */
    public static final String CHECKPOINT_DOMAIN = "palisade-ledger-checkpoint|v1";

    private static final Pattern TIME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z");
    private static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private LedgerFormat() {
    }

    /** The one textual form of a time: UTC, milliseconds, {@code 2025-03-01T09:15:02.120Z}. */
    public static String formatTime(Instant time) {
        Instant millis = time.truncatedTo(ChronoUnit.MILLIS);
        String text = TIME_FORMAT.format(millis);
        if (!TIME.matcher(text).matches()) {
            throw new LedgerFormatException("a ledger time is between the years 0000 and 9999");
        }
        return text;
    }

    /**
     * Reads a time in the one textual form {@link #formatTime} writes; any other spelling of the same instant
     * is refused, since the hash covers the text.
     */
    public static Instant parseTime(String text) {
        if (!TIME.matcher(text).matches()) {
            throw new LedgerFormatException("a time is written YYYY-MM-DDTHH:MM:SS.mmmZ (UTC)");
        }
        try {
            return Instant.from(TIME_FORMAT.parse(text));
        } catch (DateTimeParseException e) {
            throw new LedgerFormatException("not a valid date and time");
        }
    }

    /** A SHA-256 hash as the format writes it: 64 lower-case hex digits. */
    public static boolean isHash(String text) {
        return HASH.matcher(text).matches();
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The message a checkpoint's signature covers, in ASCII:
     * {@code palisade-ledger-checkpoint|v1|<seq>|<head>|<time>} with no trailing newline.
     */
    public static byte[] checkpointMessage(long seq, String head, String time) {
        return (CHECKPOINT_DOMAIN + "|" + seq + "|" + head + "|" + time).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Appends one field of an entry's hash input: {@code |}, the value's length in UTF-8 bytes in decimal,
     * {@code :}, the value. The length prefix keeps fields apart whatever they contain.
     */
    static void appendCanonicalField(StringBuilder canonical, String value) {
        canonical.append('|').append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
    }
}
