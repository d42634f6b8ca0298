// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which token to open: the PKCS#11 library, the token's label and where its user PIN comes from. Holds no
 * secret (the PIN stays in its {@link PinSource} until the token is opened), so it is safe to log.
 *
 * @param library absolute path of the vendor's PKCS#11 library, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param label   the token label, 1 to 32 UTF-8 bytes; slot ids are not stable across restarts, labels are
 * @param pin     where the user PIN is read from
 */
public record TokenConfig(Path library, String label, PinSource pin) {

    // CK_TOKEN_INFO.label is 32 bytes padded with spaces: a longer or space-ended label could never match
    static final int MAX_LABEL_BYTES = 32;

    public TokenConfig {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(pin, "pin");
        if (!library.isAbsolute()) {
            throw new IllegalArgumentException("the PKCS#11 library path must be absolute: " + library);
        }
        String path = library.toString();
        // the path is quoted into the SunPKCS11 configuration, which expands ${...} and ends at a quote
        if (path.contains("\"") || path.contains("\n") || path.contains("${")) {
            throw new IllegalArgumentException("the PKCS#11 library path contains a quote, a line break or '${': "
                    + library);
        }
        if (label.isBlank() || !label.equals(label.strip())
                || label.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_BYTES) {
            throw new IllegalArgumentException("a token label must be 1 to " + MAX_LABEL_BYTES
                    + " UTF-8 bytes without leading or trailing spaces: '" + label + "'");
        }
    }
}
