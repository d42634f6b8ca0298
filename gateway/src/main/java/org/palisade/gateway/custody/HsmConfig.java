// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.custody;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/**
 * Where the organisation's HSM token is: the PKCS#11 library, the token's label, and the file holding its
 * user PIN (mounted from a secret; the PIN itself is never in configuration).
 */
@ConfigMapping(prefix = "palisade.hsm")
public interface HsmConfig {

    Path library();

    String tokenLabel();

    Path pinFile();
}
