// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import org.bouncycastle.asn1.x509.Certificate;

/** The serial number of a DER certificate as the revocation list publishes it: lowercase hex, no leading zeros. */
final class CertificateSerials {

    private CertificateSerials() {
    }

    static String hex(byte[] der) {
        return Certificate.getInstance(der).getSerialNumber().getValue().toString(16);
    }
}
