// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the versions of the storage key-encryption key are named in the token and the ledger. */
final class StorageKek {

    static final String NAME = "storage-kek";
    // no leading zeros, so one version has exactly one alias
    private static final Pattern ALIAS = Pattern.compile(Pattern.quote(NAME) + "/([1-9][0-9]{0,9})");

    private StorageKek() {
    }

    static String alias(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("storage-kek versions start at 1");
        }
        return NAME + "/" + version;
    }

    /** The version an alias names, or empty if it is not a storage-kek alias. */
    static OptionalInt version(String alias) {
        Matcher matcher = ALIAS.matcher(alias);
        if (!matcher.matches()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(matcher.group(1)));
        } catch (NumberFormatException e) {
            // ten digits past Integer.MAX_VALUE: not an alias this code could have made
            return OptionalInt.empty();
        }
    }
}
