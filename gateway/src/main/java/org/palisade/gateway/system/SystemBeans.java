// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.system;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/** The clock and the randomness domain code is given, never takes itself, so tests can control both. */
@ApplicationScoped
public class SystemBeans {

    // @Singleton, not @ApplicationScoped: a client proxy cannot subclass these JDK classes
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    SecureRandom secureRandom() {
        return new SecureRandom();
    }
}
