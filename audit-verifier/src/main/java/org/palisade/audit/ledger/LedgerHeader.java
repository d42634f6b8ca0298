// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.ledger;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Line 1 of an export.
 *
 * @param format      {@value LedgerFormat#FORMAT_ID}; any other value is refused, so a reader never guesses
 * @param certificate base64 of the DER X.509 certificate of the audit-checkpoint key, issued by the
 *                    organisation root
 * @param exported    when the export was written, in the format's one time form
 */
public record LedgerHeader(String format, String certificate, String exported) implements LedgerLine {

    public static final List<String> FIELDS = List.of("type", "format", "certificate", "exported");

    public LedgerHeader {
        if (!LedgerFormat.FORMAT_ID.equals(format)) {
            throw new LedgerFormatException("unsupported format (this verifier reads " + LedgerFormat.FORMAT_ID + ")");
        }
        LedgerFields.requireBase64("certificate", certificate);
        LedgerFields.requireTime("exported", exported);
    }

    public static LedgerHeader of(byte[] certificateDer, String exported) {
        return new LedgerHeader(LedgerFormat.FORMAT_ID, Base64.getEncoder().encodeToString(certificateDer), exported);
    }

    public byte[] certificateDer() {
        return Base64.getDecoder().decode(certificate);
    }

    @Override
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", "header");
        fields.put("format", format);
        fields.put("certificate", certificate);
        fields.put("exported", exported);
        return FlatJson.write(fields);
    }

    static LedgerHeader fromFields(Map<String, Object> map) {
        LedgerFields fields = new LedgerFields("header", map, FIELDS);
        return new LedgerHeader(fields.string("format"), fields.string("certificate"), fields.string("exported"));
    }
}
