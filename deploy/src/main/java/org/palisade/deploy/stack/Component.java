// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import java.nio.file.Path;

/** One server of the local stack: prepared once, started, waited for, stopped. */
public interface Component {

    String name();

    int port();

    /** Every port the component listens on; all must be free before it starts. */
    default java.util.List<Integer> allPorts() {
        return java.util.List.of(port());
    }

    Path logFile();

    /** One-time set-up that survives restarts (unpacking, formatting, initialising); a no-op once done. */
    void prepare();

    /** Starts the process; returns without waiting for readiness. */
    void start();

    /** Waits until the component serves requests, or throws a {@link StackException} naming its log. */
    void awaitReady();

    void stop();

    /** The process is alive and answers on its port. */
    boolean isUp();
}
