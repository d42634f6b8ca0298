// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A gateway call did not succeed. For a refusal ({@link Reason#REFUSED}) it carries the HTTP status
 * and the RFC 9457 problem document's type, title and detail, which the gateway writes as fixed
 * text. The message never holds a token, a request body or a response body other than the problem's
 * fields.
 */
public class GatewayException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The problem type URN prefix the gateway uses. */
  public static final String PROBLEM_PREFIX = "urn:palisade:problem:";

  /** Why the call failed. */
  public enum Reason {
    /** The gateway answered with a non-2xx status. */
    REFUSED,
    /**
     * No access token could be had: the cause is the {@link
     * org.palisade.client.auth.LoginException}.
     */
    NOT_LOGGED_IN,
    /** The gateway could not be reached (network, TLS, timeout). */
    UNREACHABLE,
    /** The gateway answered 2xx with a body this SDK does not understand. */
    UNEXPECTED_RESPONSE,
    /** The thread was interrupted while waiting. */
    INTERRUPTED,
    /** The gateway closed the delivery socket (see {@link DeliveryClosedException}). */
    CLOSED
  }

  private final Reason reason;
  private final int status;
  private final String problemType;
  private final String title;
  private final String detail;
  private final transient Duration retryAfter;

  /** A refusal: an HTTP status with its problem document's members (each may be null). */
  GatewayException(
      int status, String problemType, String title, String detail, Duration retryAfter) {
    super(refusalMessage(status, problemType, title));
    this.reason = Reason.REFUSED;
    this.status = status;
    this.problemType = problemType;
    this.title = title;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }

  /** A frame the gateway refused on the delivery socket ({@code error} frame); status 0. */
  GatewayException(String problemType, String detail) {
    super("gateway refused the frame: " + problemType);
    this.reason = Reason.REFUSED;
    this.status = 0;
    this.problemType = problemType;
    this.title = null;
    this.detail = detail;
    this.retryAfter = null;
  }

  /** A failure without an HTTP answer to report. */
  GatewayException(Reason reason, String fixedMessage, Throwable cause) {
    super(fixedMessage, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.status = 0;
    this.problemType = null;
    this.title = null;
    this.detail = null;
    this.retryAfter = null;
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status of a refusal, else 0 (also for a refused socket frame). */
  public int status() {
    return status;
  }

  /** The problem type URN ({@code urn:palisade:problem:...}), or null when the answer had none. */
  public String problemType() {
    return problemType;
  }

  /** The problem type's last segment ({@code device-not-found}), or null. */
  public String problemSlug() {
    if (problemType == null) {
      return null;
    }
    return problemType.startsWith(PROBLEM_PREFIX)
        ? problemType.substring(PROBLEM_PREFIX.length())
        : problemType;
  }

  /** The problem's title, or null. */
  public String title() {
    return title;
  }

  /** The problem's detail, or null. */
  public String detail() {
    return detail;
  }

  /**
   * How long to wait before trying again, when the gateway said ({@code Retry-After} on 429/503).
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  private static String refusalMessage(int status, String problemType, String title) {
    StringBuilder message = new StringBuilder("gateway refused the request: HTTP ").append(status);
    if (problemType != null) {
      message.append(' ').append(problemType);
    }
    if (title != null) {
      message.append(" (").append(title).append(')');
    }
    return message.toString();
  }
}
