// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackPortsTest {

    @Test
    void defaultsAreOverriddenByEnvironmentVariables() {
        StackPorts ports = StackPorts.configured(Map.of("PALISADE_KAFKA_PORT", "29092", "PALISADE_ADMIN_CONSOLE_PORT", "9444"));

        assertThat(ports.kafka()).isEqualTo(29092);
        assertThat(ports.adminConsole()).isEqualTo(9444);
        assertThat(ports.gateway()).isEqualTo(8443);
    }

    @Test
    void aPortThatIsNotANumberIsRefusedByName() {
        assertThatThrownBy(() -> StackPorts.configured(Map.of("PALISADE_POSTGRES_PORT", "five")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PALISADE_POSTGRES_PORT").hasMessageContaining("five");
        assertThatThrownBy(() -> StackPorts.configured(Map.of("PALISADE_GATEWAY_PORT", "70000")))
                .hasMessageContaining("PALISADE_GATEWAY_PORT");
    }

    @Test
    void savedPortsAreLoadedBack(@TempDir Path dir) {
        StackPorts ports = StackPorts.free();
        ports.save(dir.resolve("ports.properties"));

        assertThat(StackPorts.load(dir.resolve("ports.properties"))).isEqualTo(ports);
    }

    @Test
    void freePortsAreDistinctAndFree() {
        StackPorts ports = StackPorts.free();

        assertThat(ports.asMap().values()).doesNotHaveDuplicates().allMatch(StackPorts::isFree);
    }
}
