// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

    @Test
    void readsStringsIntegersAndNullInOrder() {
        Map<String, Object> object = FlatJson.parse(" { \"b\" : \"x\\\"y\\u00e9\\n\" , \"a\":-12,\"c\":null,\"d\":0 } ");

        assertThat(object).containsExactly(Map.entry("b", "x\"y\u00e9\n"), Map.entry("a", -12L),
                new java.util.AbstractMap.SimpleEntry<>("c", null), Map.entry("d", 0L));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("s", "quote \" backslash \\ tab \t nul \u0000 del \u007f é 😀");
        object.put("n", Long.MAX_VALUE);
        object.put("z", null);

        String json = FlatJson.write(object);

        assertThat(json).isEqualTo("{\"s\":\"quote \\\" backslash \\\\ tab \\t nul \\u0000 del \\u007f é 😀\","
                + "\"n\":9223372036854775807,\"z\":null}");
        assertThat(FlatJson.parse(json)).isEqualTo(object);
    }

    @Test
    void readsEscapedSurrogatePairs() {
        assertThat(FlatJson.parse("{\"s\":\"\\ud83d\\ude00\"}")).containsEntry("s", "😀");
    }

    @Test
    void refusesWhatIsNotAFlatObjectOfStringsIntegersAndNull() {
        assertRefused("", "expected '{'");
        assertRefused("{\"a\":", "unexpected end");
        assertRefused("[]", "expected '{'");
        assertRefused("{\"a\":1}x", "after the object");
        assertRefused("{\"a\":1,\"a\":2}", "duplicate key \"a\"");
        assertRefused("{\"a\":true}", "not a string, an integer or null");
        assertRefused("{\"a\":{}}", "not a string, an integer or null");
        assertRefused("{\"a\":[1]}", "not a string, an integer or null");
        assertRefused("{\"a\":1.5}", "not an integer");
        assertRefused("{\"a\":1e3}", "not an integer");
        assertRefused("{\"a\":01}", "not a valid integer");
        assertRefused("{\"a\":-}", "not a valid integer");
        assertRefused("{\"a\":99999999999999999999}", "out of range");
        assertRefused("{\"a\":\"x\ty\"}", "control character");
        assertRefused("{\"a\":\"\\x\"}", "invalid escape");
        assertRefused("{\"a\":\"\\ud83d\"}", "unpaired surrogate");
        assertRefused("{\"a\":\"\\ude00\"}", "unpaired surrogate");
        assertRefused("{\"a\":\"open}", "end of a string");
        assertRefused("{\"a\" 1}", "expected ':'");
        assertRefused("{\"a\":1 \"b\":2}", "expected ',' or '}'");
        assertRefused("{a:1}", "expected '\"'");
    }

    private static void assertRefused(String json, String why) {
        assertThatThrownBy(() -> FlatJson.parse(json)).as(json).isInstanceOf(LedgerFormatException.class)
                .hasMessageContaining(why);
    }
}
