// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.util.regex.Pattern;

/**
 * The purpose a caller names for a key use. It goes into the ledger and, for DEKs, into the AAD; its alphabet
 * keeps out the AAD's separator {@code |} (so no two purposes give the same AAD) and anything that reads like
 * personal data or free text.
 */
final class Purpose {

    static final String RULE = "a purpose is 1 to 64 characters of a-z 0-9 . _ : -, starting with a letter or digit";
    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9._:-]{0,63}");

    private Purpose() {
    }

    static String require(String purpose) {
        if (purpose == null || !FORM.matcher(purpose).matches()) {
            throw CustodyException.invalidInput(RULE);
        }
        return purpose;
    }
}
