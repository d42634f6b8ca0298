// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.keycloak;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.deploy.stack.SecretFiles;
import org.palisade.deploy.stack.StackHome;

/**
 * The demo organisation's people. Their passwords are generated at first start and kept in the stack's
 * secrets; the realm file in the repository holds only placeholders.
 */
public final class DemoUsers {

    /** Username and realm role, in the order they are printed. */
    public static final List<Map.Entry<String, String>> USERS = List.of(
            Map.entry("alice", "staff"), Map.entry("bob", "staff"), Map.entry("carol", "staff"),
            Map.entry("admin", "admin"), Map.entry("auditor", "auditor"));

    private DemoUsers() {
    }

    /** Username to password, generating the passwords on first use. */
    public static Map<String, String> passwords(StackHome home) {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (Map.Entry<String, String> user : USERS) {
            passwords.put(user.getKey(), SecretFiles.readOrGenerate(home.secret("demo-" + user.getKey() + ".password")));
        }
        return passwords;
    }

    /** The text of {@code $PALISADE_HOME/demo-credentials}. */
    public static String credentialsText(StackHome home) {
        StringBuilder text = new StringBuilder("# Palisade demo users (realm palisade); generated at first start\n");
        Map<String, String> passwords = passwords(home);
        for (Map.Entry<String, String> user : USERS) {
            text.append(String.format("%-8s %-8s %s%n", user.getKey(), user.getValue(), passwords.get(user.getKey())));
        }
        return text.toString();
    }
}
