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
    public static final String MALFORMED_CONTENT = PREFIX + "malformed-content";
    public static final String DUPLICATE_DESTINATION = PREFIX + "duplicate-destination";
    public static final String ENVELOPE_TOO_LARGE = PREFIX + "envelope-too-large";
    public static final String UNKNOWN_RECIPIENT = PREFIX + "unknown-recipient";
    public static final String STALE_DEVICE_LIST = PREFIX + "stale-device-list";
    public static final String RATE_LIMITED = PREFIX + "rate-limited";
    public static final String DELIVERY_UNAVAILABLE = PREFIX + "delivery-unavailable";
    public static final String ENVELOPE_NOT_FOUND = PREFIX + "envelope-not-found";
    public static final String IDENTITY_UNAVAILABLE = PREFIX + "identity-unavailable";
    public static final String DEVICE_STORE_UNAVAILABLE = PREFIX + "device-store-unavailable";
    public static final String CERTIFICATE_AUTHORITY_UNAVAILABLE = PREFIX + "certificate-authority-unavailable";
    public static final String EMPTY_ATTACHMENT = PREFIX + "empty-attachment";
    public static final String ATTACHMENT_TOO_LARGE = PREFIX + "attachment-too-large";
    public static final String ATTACHMENT_NOT_FOUND = PREFIX + "attachment-not-found";
    public static final String ATTACHMENT_STORE_UNAVAILABLE = PREFIX + "attachment-store-unavailable";

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

    public static final String BAD_SUBMISSION = "The path or body is invalid: a device id outside 1 to 127, a body "
            + "that is not JSON of the expected shape, no envelopes or too many, a missing or out-of-range field, content "
            + "that is not base64, two envelopes for one device or one for the sending device." + TYPES
            + INVALID_DEVICE_ID + ", " + MALFORMED_REQUEST + ", " + INVALID_REQUEST + ", " + MALFORMED_CONTENT + ", "
            + DUPLICATE_DESTINATION;
    public static final String NO_SENDER_OR_RECIPIENT = "The sending device is not a live device of the caller, or a "
            + "recipient is unknown or has no live device." + TYPES + DEVICE_NOT_FOUND + ", " + UNKNOWN_RECIPIENT;
    public static final String STALE_DEVICES = "The envelopes do not address exactly the live devices of each "
            + "recipient and of the sender; nothing was sent. The problem's mismatches member lists, per recipient, "
            + "missingDevices, extraDevices, staleDevices (registration id changed) and the current devices." + TYPES
            + STALE_DEVICE_LIST;
    public static final String TOO_LARGE = "An envelope or the whole request carries more ciphertext than allowed."
            + TYPES + ENVELOPE_TOO_LARGE;
    public static final String TOO_MANY_REQUESTS = "The sending device exceeded its request rate; a Retry-After "
            + "header says when to try again." + TYPES + RATE_LIMITED;
    public static final String SUBMISSION_UNAVAILABLE = "Kafka, the database or the HSM could not take the "
            + "envelopes; nothing was sent." + TYPES + DELIVERY_UNAVAILABLE + ", " + IDENTITY_UNAVAILABLE + ", "
            + DEVICE_STORE_UNAVAILABLE;

    public static final String BAD_ATTACHMENT = "The body is empty, or could not be read to its end; nothing is "
            + "kept." + TYPES + EMPTY_ATTACHMENT + ", " + INVALID_REQUEST;
    public static final String OVERSIZED_ATTACHMENT = "The body is larger than palisade.attachments.max-size (default "
            + "32 MiB); refused as soon as the limit is passed, nothing is kept." + TYPES + ATTACHMENT_TOO_LARGE;
    public static final String NO_ATTACHMENT = "No attachment of that id: the id is malformed or unknown, or the "
            + "attachment's retention has passed (the cases are not told apart)." + TYPES + ATTACHMENT_NOT_FOUND;
    public static final String ATTACHMENT_STORE_DOWN = "The database or the epoch keys (HSM) are unreachable; try "
            + "again later." + TYPES + ATTACHMENT_STORE_UNAVAILABLE;

    public static final String NO_ENVELOPE = "The caller has no live device of that id, or no such envelope waits for "
            + "it (unknown, malformed, or acknowledged before)." + TYPES + DEVICE_NOT_FOUND + ", " + ENVELOPE_NOT_FOUND;
    public static final String MAILBOX_UNAVAILABLE = "The mailbox or the HSM is unavailable; try again later." + TYPES
            + DELIVERY_UNAVAILABLE + ", " + IDENTITY_UNAVAILABLE + ", " + DEVICE_STORE_UNAVAILABLE;

    private ProblemResponses() {
    }
}
