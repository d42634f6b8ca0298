// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.problem;

/**
 * Every problem the gateway answers with: its type URI (the constant the OpenAPI document names, so the two
 * cannot drift), HTTP status, and fixed title and detail. No problem text ever carries request input.
 */
public enum ProblemType {
    INVALID_REQUEST(ProblemResponses.INVALID_REQUEST, 400, "Invalid request", "A field of the request is missing or out of range."),
    MALFORMED_REQUEST(ProblemResponses.MALFORMED_REQUEST, 400, "Malformed request",
            "The request body is not valid JSON of the expected shape."),
    INVALID_DEVICE_ID(ProblemResponses.INVALID_DEVICE_ID, 400, "Invalid device id", "Device ids are 1 to 127."),
    MALFORMED_KEY(ProblemResponses.MALFORMED_KEY, 400, "Malformed key",
            "A key or signature is not valid base64 or not a valid libsignal key."),
    BAD_PREKEY_SIGNATURE(ProblemResponses.BAD_PREKEY_SIGNATURE, 400, "Bad prekey signature",
            "A prekey signature does not verify under the identity key."),
    DUPLICATE_KEY_ID(ProblemResponses.DUPLICATE_KEY_ID, 400, "Duplicate key id", "A prekey id appears more than once."),
    TOO_MANY_PREKEYS(ProblemResponses.TOO_MANY_PREKEYS, 400, "Too many prekeys",
            "The device would hold more one-time prekeys than allowed."),
    UNUSABLE_TOKEN(ProblemResponses.UNUSABLE_TOKEN, 403, "Token not usable",
            "The token does not identify a member of staff."),
    USER_NOT_FOUND(ProblemResponses.USER_NOT_FOUND, 404, "User not found", "No such user is known to the gateway."),
    DEVICE_NOT_FOUND(ProblemResponses.DEVICE_NOT_FOUND, 404, "Device not found", "No such live device."),
    MALFORMED_CONTENT(ProblemResponses.MALFORMED_CONTENT, 400, "Malformed content", "An envelope's content is not valid base64."),
    DUPLICATE_DESTINATION(ProblemResponses.DUPLICATE_DESTINATION, 400, "Duplicate destination",
            "Two envelopes address the same device, or one addresses the sending device itself."),
    ENVELOPE_TOO_LARGE(ProblemResponses.ENVELOPE_TOO_LARGE, 413, "Envelope too large",
            "An envelope, or the request in all, carries more ciphertext than allowed; send files as attachments."),
    UNKNOWN_RECIPIENT(ProblemResponses.UNKNOWN_RECIPIENT, 404, "Unknown recipient",
            "A recipient is not known to the gateway or has no live device."),
    STALE_DEVICE_LIST(ProblemResponses.STALE_DEVICE_LIST, 409, "Stale device list",
            "The envelopes do not address exactly the recipients' live devices; nothing was sent. See mismatches."),
    RATE_LIMITED(ProblemResponses.RATE_LIMITED, 429, "Too many requests",
            "This device sends too many requests; wait as Retry-After says."),
    DELIVERY_UNAVAILABLE(ProblemResponses.DELIVERY_UNAVAILABLE, 503, "Delivery unavailable",
            "The envelopes could not be accepted now; nothing was sent. Try again later."),
    ENVELOPE_NOT_FOUND(ProblemResponses.ENVELOPE_NOT_FOUND, 404, "Envelope not found",
            "No such envelope waits for this device: unknown, or acknowledged before."),
    IDENTITY_KEY_CONFLICT(ProblemResponses.IDENTITY_KEY_CONFLICT, 409, "Device registered with another identity key",
            "This device id is registered with a different identity key; revoke the device first."),
    EMPTY_ATTACHMENT(ProblemResponses.EMPTY_ATTACHMENT, 400, "Empty attachment", "An attachment needs at least one byte."),
    ATTACHMENT_TOO_LARGE(ProblemResponses.ATTACHMENT_TOO_LARGE, 413, "Attachment too large",
            "The attachment is larger than this gateway accepts; nothing was kept."),
    ATTACHMENT_NOT_FOUND(ProblemResponses.ATTACHMENT_NOT_FOUND, 404, "Attachment not found",
            "No such attachment, or its retention has passed."),
    ATTACHMENT_STORE_UNAVAILABLE(ProblemResponses.ATTACHMENT_STORE_UNAVAILABLE, 503, "Attachment store unavailable",
            "The gateway cannot store or read attachments now; try again later."),
    IDENTITY_UNAVAILABLE(ProblemResponses.IDENTITY_UNAVAILABLE, 503, "Identity store unavailable",
            "The gateway cannot reach its user store; try again later."),
    DEVICE_STORE_UNAVAILABLE(ProblemResponses.DEVICE_STORE_UNAVAILABLE, 503, "Device store unavailable",
            "The gateway cannot reach its device store; try again later."),
    CERTIFICATE_AUTHORITY_UNAVAILABLE(ProblemResponses.CERTIFICATE_AUTHORITY_UNAVAILABLE, 503,
            "Certificate authority unavailable", "The device certificate cannot be issued now; try again later.");

    private final String uri;
    private final int status;
    private final String title;
    private final String detail;

    ProblemType(String uri, int status, String title, String detail) {
        this.uri = uri;
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    public String uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    Problem problem() {
        return new Problem(uri, title, status, detail);
    }
}
