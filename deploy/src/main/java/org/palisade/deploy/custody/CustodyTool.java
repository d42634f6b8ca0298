// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.custody;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.stack.ProjectLayout;
import org.palisade.deploy.stack.StackException;

/**
 * Runs the custody command line of module hsm-integration ({@code keys ...}, {@code audit export ...}) in its
 * own JVM against this stack's HSM token and ledger database. Its own JVM because SoftHSM2 reads
 * {@code SOFTHSM2_CONF} when the library loads, and because the token is found through a JDK-internal
 * PKCS#11 wrapper that must be exported at start.
 */
public final class CustodyTool {

    /** Exit code of {@code keys list} when the token holds no organisation keys yet. */
    public static final int NOT_INITIALISED = 4;
    private static final String MAIN = "org.palisade.hsm.ceremony.CustodyCommand";

    private final LocalStack stack;
    private final ProjectLayout project;

    public CustodyTool(LocalStack stack, ProjectLayout project) {
        this.stack = stack;
        this.project = project;
    }

    /** Runs a command with this terminal's input and output; returns its exit code. */
    public int run(List<String> arguments) {
        return start(arguments, ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * Starts the stack's infrastructure and, on its first start, creates the organisation keys: together they
     * are what the applications need. If the keys cannot be made ready, the infrastructure is stopped again.
     */
    public void startInfrastructure() {
        stack.startInfrastructure();
        try {
            initialiseIfNeeded(stack.home().logFile("custody"));
        } catch (RuntimeException e) {
            stack.stop(stack.infrastructure());
            throw e;
        }
    }

    /**
     * On a stack's first start: creates the organisation keys unless the token holds them, and exports the
     * organisation root certificate to {@code $PALISADE_HOME/org-root.pem}.
     */
    private void initialiseIfNeeded(Path log) {
        int listed = start(List.of("keys", "list"), ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (listed == NOT_INITIALISED) {
            expectSuccess(run(List.of("keys", "init")), "keys init");
        } else {
            expectSuccess(listed, "keys list");
        }
        expectSuccess(start(List.of("keys", "export-root", orgRoot().toString()),
                ProcessBuilder.Redirect.appendTo(log.toFile())), "keys export-root");
    }

    /** Where {@code up} exports the organisation root certificate that clients pin. */
    public Path orgRoot() {
        return stack.home().root().resolve("org-root.pem");
    }

    private void expectSuccess(int exitCode, String command) {
        if (exitCode != 0) {
            throw new StackException("hsm", "'" + command + "' failed with exit code " + exitCode);
        }
    }

    private int start(List<String> arguments, ProcessBuilder.Redirect output) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED",
                "-cp", project.custodyToolsClasspath(), MAIN));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(output != ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(output).redirectError(output == ProcessBuilder.Redirect.INHERIT
                        ? ProcessBuilder.Redirect.INHERIT : output)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(stack.custodyEnvironment());
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw new StackException("hsm", "cannot run the custody tool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("hsm", "interrupted");
        }
    }
}
