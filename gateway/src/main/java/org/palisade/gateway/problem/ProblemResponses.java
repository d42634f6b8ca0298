// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.problem;

/**
 * The problem types the gateway sends and the OpenAPI descriptions of its error responses. Annotations need
 * compile-time constants, so each description names the problem types it may carry as literal URNs; the
 * OpenAPI test holds every endpoint to the list it declares.
 */
public final class ProblemResponses {

    private static final String PREFIX = "urn:palisade:problem:";

    public static final String INVALID_REQUEST = PREFIX + "invalid-request";
    public static final String MALFORMED_REQUEST = PREFIX + "malformed-request";
    public static final String INVALID_DEVICE_ID = PREFIX + "invalid-device-id";
    public static final String MALFORMED_KEY = PREFIX + "malformed-key";
    public static final String BAD_PREKEY_SIGNATURE = PREFIX + "bad-prekey-signature";
    public static final String DUPLICATE_KEY_ID = PREFIX + "duplicate-key-id";
    public static final String TOO_MANY_PREKEYS = PREFIX + "too-many-prekeys";
    public static final String UNUSABLE_TOKEN = PREFIX + "unusable-token";
    public static final String USER_NOT_FOUND = PREFIX + "user-not-found";
    public static final String DEVICE_NOT_FOUND = PREFIX + "device-not-found";
    public static final String IDENTITY_KEY_CONFLICT = PREFIX + "identity-key-conflict";
    public static final String IDENTITY_UNAVAILABLE = PREFIX + "identity-unavailable";
    public static final String DEVICE_STORE_UNAVAILABLE = PREFIX + "device-store-unavailable";
    public static final String CERTIFICATE_AUTHORITY_UNAVAILABLE = PREFIX + "certificate-authority-unavailable";

    private static final String TYPES = " Problem types: ";

    /** Sent by the OIDC layer before any resource runs: there is no problem document. */
    public static final String UNAUTHENTICATED = "No bearer token, or one the gateway does not accept (signature, "
            + "issuer, audience gateway, expiry). No body; a WWW-Authenticate: Bearer challenge.";
    /** The role check also runs before the resource: no problem document either. */
    public static final String FORBIDDEN_ROLE = "The token lacks the role this endpoint requires. No body.";
    public static final String FORBIDDEN_STAFF = "The token lacks the staff role (no body), or does not identify "
            + "a member of staff." + TYPES + UNUSABLE_TOKEN;

    public static final String BAD_DEVICE_ID = "The device id is not 1 to 127." + TYPES + INVALID_DEVICE_ID;
    public static final String BAD_REGISTRATION = "The path or body is invalid: a device id outside 1 to 127, a "
            + "body that is not JSON of the expected shape, a missing or out-of-range field, a key libsignal rejects, "
            + "a prekey signature that does not verify, or a repeated key id." + TYPES + INVALID_DEVICE_ID + ", "
            + MALFORMED_REQUEST + ", " + INVALID_REQUEST + ", " + MALFORMED_KEY + ", " + BAD_PREKEY_SIGNATURE + ", "
            + DUPLICATE_KEY_ID;
    public static final String BAD_PREKEYS = BAD_REGISTRATION + ", " + TOO_MANY_PREKEYS
            + " (the refill would exceed what one device may hold)";

    public static final String NO_DEVICE = "The caller has no live device of that id." + TYPES + DEVICE_NOT_FOUND;
    public static final String NO_USER = "No user of that name has used the gateway." + TYPES + USER_NOT_FOUND;
    public static final String NO_USER_OR_DEVICE = "No user of that name has used the gateway, or the user has no "
            + "live device of that id." + TYPES + USER_NOT_FOUND + ", " + DEVICE_NOT_FOUND;
    public static final String CONFLICT = "The device id is live with another identity key; revoke the device "
            + "first." + TYPES + IDENTITY_KEY_CONFLICT;

    private static final String UNAVAILABLE = "A store the gateway depends on is unreachable; try again later.";
    public static final String IDENTITY_STORE_DOWN = UNAVAILABLE + TYPES + IDENTITY_UNAVAILABLE;
    public static final String DEVICE_STORE_DOWN = UNAVAILABLE + TYPES + DEVICE_STORE_UNAVAILABLE;
    public static final String STORES_DOWN = UNAVAILABLE + TYPES + IDENTITY_UNAVAILABLE + ", "
            + DEVICE_STORE_UNAVAILABLE;
    public static final String REGISTRATION_UNAVAILABLE = "A store or the certificate authority (HSM, custody "
            + "ledger) is unavailable; try again later." + TYPES + IDENTITY_UNAVAILABLE + ", "
            + DEVICE_STORE_UNAVAILABLE + ", " + CERTIFICATE_AUTHORITY_UNAVAILABLE;

    private ProblemResponses() {
    }
}
