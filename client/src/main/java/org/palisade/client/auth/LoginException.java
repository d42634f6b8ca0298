// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

import java.util.Objects;

/**
 * A login, refresh or device authorization did not produce tokens. The message is safe to show: it
 * holds a fixed reason, the provider's OAuth error code and its short description, never a token or
 * password.
 */
public final class LoginException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why no tokens were issued. */
  public enum Reason {
    /** The username or password is wrong, or the account may not log in (e.g. disabled). */
    INVALID_CREDENTIALS("the username or password is wrong, or the account may not log in"),
    /** The refresh token expired or the SSO session ended or was revoked. */
    SESSION_EXPIRED("the login session has ended; log in again"),
    /** The user declined the device login in the browser. */
    ACCESS_DENIED("the login was declined in the browser"),
    /** The device code was not confirmed before it expired, or is no longer valid. */
    DEVICE_CODE_EXPIRED("the code was not confirmed in time; start the login again"),
    /** The provider does not let this client log in this way (client or grant not enabled). */
    CLIENT_REFUSED("the identity provider does not allow this client to log in this way"),
    /** The provider could not be reached (network, TLS, timeout). */
    UNREACHABLE("the identity provider cannot be reached"),
    /** The provider answered something this SDK does not understand. */
    UNEXPECTED_RESPONSE("the identity provider answered in an unexpected way"),
    /** The thread was interrupted while waiting. */
    INTERRUPTED("the login was interrupted");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    /** A fixed sentence for users. */
    public String text() {
      return text;
    }
  }

  private final Reason reason;
  private final String error;
  private final String description;

  LoginException(Reason reason, String error, String description, Throwable cause) {
    super(message(reason, error, description), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.error = error;
    this.description = description;
  }

  /** For {@link TokenSource} implementations outside this package (a token store, ...). */
  public LoginException(Reason reason, Throwable cause) {
    this(reason, null, null, cause);
  }

  public LoginException(Reason reason) {
    this(reason, null, null, null);
  }

  public Reason reason() {
    return reason;
  }

  /** The OAuth error code the provider returned ({@code invalid_grant}, ...), or null. */
  public String error() {
    return error;
  }

  /** The provider's short error description, or null. */
  public String description() {
    return description;
  }

  private static String message(Reason reason, String error, String description) {
    StringBuilder message = new StringBuilder("login failed: ").append(reason.text());
    if (error != null && description != null) {
      message.append(" (").append(error).append(": ").append(description).append(')');
    } else if (error != null || description != null) {
      message.append(" (").append(error != null ? error : description).append(')');
    }
    return message.toString();
  }
}
