// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class KafkaClusterIdTest {

    @Test
    void isSixteenBytesOfUrlSafeBase64ThatTheFormatToolCannotMistakeForAnOption() {
        // one id in 64 would start with '-' if it were not excluded: 2000 draws make a miss vanishingly unlikely
        for (int i = 0; i < 2000; i++) {
            String id = KafkaBroker.clusterId();
            assertThat(id).doesNotStartWith("-").hasSize(22);
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        }
    }
}
