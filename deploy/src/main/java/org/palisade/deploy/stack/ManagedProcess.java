// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server process of the stack, tracked by a PID file so that any later command (or another JVM, such as a
 * test attached to a running stack) can find and stop it. It runs in its own session ({@code setsid}), so a
 * Ctrl-C in the launcher's terminal reaches the launcher alone, which then stops components in order.
 */
public final class ManagedProcess {

    private final String name;
    private final Path pidFile;
    private final Path logFile;
    private long logOffsetAtStart;

    public ManagedProcess(String name, StackHome home) {
        this.name = name;
        this.pidFile = home.pidFile(name);
        this.logFile = home.logFile(name);
    }

    public Path logFile() {
        return logFile;
    }

    public void start(List<String> command, Map<String, String> environment, Path workingDirectory) {
        if (isAlive()) {
            throw new StackException(name, "already running (PID file " + pidFile + ")");
        }
        List<String> full = new ArrayList<>();
        full.add("setsid");
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            logOffsetAtStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            Process process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            throw new StackException(name, "cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a one-off tool of this component (an initialiser, a formatter) to completion, its output appended to
     * the component's log; a non-zero exit is a {@link StackException} naming {@code what} and the log.
     */
    public void runToCompletion(String what, List<String> command, Path workingDirectory) {
        try {
            Files.createDirectories(logFile.getParent());
            Process tool = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            if (tool.waitFor() != 0) {
                throw StackException.withLog(name, what + " failed", logFile);
            }
        } catch (IOException e) {
            throw new StackException(name, "cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException(name, "interrupted during " + what);
        }
    }

    /** Whether the log written since the last {@link #start} (in this JVM) contains {@code text}. */
    public boolean loggedSinceStart(String text) {
        try (java.io.RandomAccessFile log = new java.io.RandomAccessFile(logFile.toFile(), "r")) {
            long length = log.length() - logOffsetAtStart;
            if (length <= 0) {
                return false;
            }
            byte[] bytes = new byte[(int) Math.min(length, 64L << 20)];
            log.seek(logOffsetAtStart);
            log.readFully(bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    public Optional<ProcessHandle> handle() {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isAlive() {
        return handle().isPresent();
    }

    /** Sends {@code signal} (TERM, INT, ...) and waits; kills the process and its children past the grace time. */
    public void stop(String signal, Duration grace) {
        Optional<ProcessHandle> handle = handle();
        if (handle.isPresent()) {
            ProcessHandle process = handle.get();
            List<ProcessHandle> descendants = process.descendants().toList();
            signal(process.pid(), signal);
            if (!waitForExit(process, grace)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                waitForExit(process, Duration.ofSeconds(10));
            }
            descendants.forEach(child -> waitForExit(child, Duration.ofSeconds(5)));
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    private void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new StackException(name, "cannot signal process " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
