// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import java.nio.file.Path;

/** A component of the local stack could not be set up, started or stopped; names the component and its log. */
public class StackException extends RuntimeException {

    private final String component;

    public StackException(String component, String message) {
        super(component + ": " + message);
        this.component = component;
    }

    public StackException(String component, String message, Throwable cause) {
        super(component + ": " + message, cause);
        this.component = component;
    }

    public static StackException withLog(String component, String message, Path log) {
        return new StackException(component, message + " (see " + log + ")");
    }

    public String component() {
        return component;
    }
}
