// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.palisade.deploy.hsm.SoftHsmToken;
import org.palisade.hsm.token.PinSource;
import org.palisade.hsm.token.TestTokens;
import org.palisade.hsm.token.Pkcs11Token;
import org.palisade.hsm.token.TokenConfig;

/**
 * The real SoftHSM2 token the custody tests use: the token tests' second token ({@code palisade-second}), whose
 * own tests only add and delete a marker key. A token of its own would be cleaner, but SoftHSM reads its token
 * directory once per process, so every token must exist before any test loads the library; the token tests'
 * {@code TestTokens} makes its tokens first, and whichever test class runs first must go through it.
 * Organisation keys have fixed aliases, so they are removed before and after every test.
 */
public final class CustodyTestToken {

    private CustodyTestToken() {
    }

    public static SoftHsmToken softHsm() {
        return TestTokens.secondary();
    }

    /** Opens the token with no organisation keys in it. */
    public static Pkcs11Token openEmpty() {
        SoftHsmToken softHsm = softHsm();
        Pkcs11Token token = Pkcs11Token.open(
                new TokenConfig(SoftHsmToken.library(), softHsm.label(), PinSource.file(softHsm.userPinFile())));
        try {
            removeOrganisationKeys(token);
        } catch (RuntimeException e) {
            // closed, or every later test would fail as TOKEN_ALREADY_OPEN instead of with this cause
            token.close();
            throw e;
        }
        return token;
    }

    public static void removeOrganisationKeysAndClose(Pkcs11Token token) {
        try {
            removeOrganisationKeys(token);
        } finally {
            token.close();
        }
    }

    static void removeOrganisationKeys(Pkcs11Token token) {
        try {
            KeyStore keyStore = token.keyStore();
            for (String alias : Collections.list(keyStore.aliases())) {
                if (alias.equals("device-ca") || alias.equals("audit-checkpoint") || alias.startsWith("storage-kek/")) {
                    keyStore.deleteEntry(alias);
                }
            }
        } catch (Exception e) {
            // e.g. two private keys under one CKA_ID, left by code that stored over an existing alias
            throw new IllegalStateException("cannot clear the organisation keys from test token " + token.label()
                    + "; delete " + softHsm().directory() + " (mvn clean) to start from new tokens", e);
        }
    }

    /** pkcs11-tool's listing of the objects of {@code type} (privkey, secrkey, cert): another process's view. */
    static String listObjects(String type) {
        SoftHsmToken softHsm = softHsm();
        String pin;
        try {
            pin = Files.readString(softHsm.userPinFile()).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // pkcs11-tool takes the PIN only as an argument; acceptable for a throwaway test token
        return run("pkcs11-tool", "--module", SoftHsmToken.library().toString(), "--slot", slotOf(softHsm.label()),
                "--login", "--pin", pin, "--list-objects", "--type", type);
    }

    /**
     * The slot id of the token labelled exactly {@code label}. Not pkcs11-tool's {@code --token-label}: it matches
     * a prefix, so "palisade-test" also picks "palisade-test-2" when that comes first in SoftHSM's (random) order.
     */
    private static String slotOf(String label) {
        String slot = null;
        List<String> matches = new ArrayList<>();
        for (String line : run("pkcs11-tool", "--module", SoftHsmToken.library().toString(), "--list-slots")
                .split("\n")) {
            if (line.startsWith("Slot ")) {
                slot = line.substring(line.indexOf('(') + 1, line.indexOf(')'));
            } else if (line.strip().matches("token label\\s*:\\s*" + Pattern.quote(label))) {
                matches.add(slot);
            }
        }
        assertThat(matches).as("slots holding token " + label).hasSize(1);
        return matches.get(0);
    }

    /** The blocks pkcs11-tool prints for objects whose {@code attribute} is {@code value}. */
    static List<String> objectsWith(String listing, String attribute, String value) {
        // each object's block starts on an unindented line; its attributes follow, indented, as "name: value"
        return Stream.of(listing.split("\n(?=\\S)"))
                .filter(block -> block.lines().map(String::strip)
                        .anyMatch(line -> line.matches(Pattern.quote(attribute) + ":\\s+" + Pattern.quote(value))))
                .toList();
    }

    static String hexId(String alias) {
        return HexFormat.of().formatHex(alias.getBytes(StandardCharsets.UTF_8));
    }

    /** The flags on an object's "Access:" line, e.g. [sensitive, always sensitive, never extractable, local]. */
    static List<String> accessFlags(String object) {
        String line = object.lines().map(String::strip).filter(l -> l.startsWith("Access:")).findFirst()
                .orElseThrow(() -> new AssertionError("no Access line in:\n" + object));
        return new ArrayList<>(List.of(line.substring("Access:".length()).strip().split("\\s*,\\s*")));
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command[0] + " finished").isTrue();
            assertThat(process.exitValue()).as(command[0] + " exit code; output:\n" + output).isZero();
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + "; install opensc", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
