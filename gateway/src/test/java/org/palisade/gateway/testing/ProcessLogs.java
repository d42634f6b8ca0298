// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The log files the other processes of a test stack write (Keycloak, Kafka, PostgreSQL, other gateways: each
 * to {@code <home>/logs/<component>.log}), read as the lines appended between a {@link #mark} and
 * {@link Mark#appended()}; and a scan of log lines for forbidden strings (fixture identifiers).
 */
public final class ProcessLogs {

    /** At most this many characters of an offending line go into a finding (the part around the match). */
    private static final int SHOWN = 300;

    private ProcessLogs() {
    }

    /**
     * Records the size of every {@code *.log} file under {@code directories} (those that exist; searched a few
     * levels deep). Files that appear later are read from their start.
     */
    public static Mark mark(List<Path> directories) {
        return new Mark(List.copyOf(directories), sizes(directories));
    }

    /** The log files under {@code directories} and their sizes now. */
    private static Map<Path, Long> sizes(List<Path> directories) {
        Map<Path, Long> sizes = new LinkedHashMap<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(directory, 3)) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                    sizes.put(file, Files.size(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the log files in " + directory, e);
            }
        }
        return sizes;
    }

    /** Log files' sizes at one moment. */
    public static final class Mark {
        private final List<Path> directories;
        private final Map<Path, Long> sizes;

        private Mark(List<Path> directories, Map<Path, Long> sizes) {
            this.directories = directories;
            this.sizes = sizes;
        }

        /**
         * The complete lines each log file gained since the mark, by file (every file, possibly with no line). A
         * file that shrank (rotated or truncated) is read whole.
         */
        public Map<Path, List<String>> appended() {
            Map<Path, List<String>> appended = new LinkedHashMap<>();
            for (Path file : sizes(directories).keySet()) {
                long from = sizes.getOrDefault(file, 0L);
                appended.put(file, linesFrom(file, from));
            }
            return appended;
        }
    }

    private static List<String> linesFrom(Path file, long offset) {
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long start = offset <= log.length() ? offset : 0;
            long length = log.length() - start;
            byte[] bytes = new byte[(int) Math.min(length, 256L << 20)];
            log.seek(start);
            log.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            // a line still being written counts too: a leak must not hide in an unterminated line
            return text.isEmpty() ? List.of() : List.of(text.split("\r?\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A string no log line may contain, with a label that names it in findings (not the secret itself). */
    public record Forbidden(String label, Pattern pattern) {

        /** The exact text anywhere in a line, case-sensitively (tokens, base64). */
        public static Forbidden exact(String label, String text) {
            return new Forbidden(label, Pattern.compile(Pattern.quote(requireText(text))));
        }

        /** The text anywhere in a line, in any case (hex serials, UUIDs). */
        public static Forbidden anyCase(String label, String text) {
            return new Forbidden(label, Pattern.compile(Pattern.quote(requireText(text)), Pattern.CASE_INSENSITIVE));
        }

        /**
         * The text as a whole word in any case: not inside a longer word or identifier ({@code bob} matches
         * {@code user=bob} and {@code "Bob"}, not {@code bobcat} or {@code kebob}).
         */
        public static Forbidden word(String label, String text) {
            return new Forbidden(label, Pattern.compile("(?<![\\p{Alnum}_])" + Pattern.quote(requireText(text))
                    + "(?![\\p{Alnum}_])", Pattern.CASE_INSENSITIVE));
        }

        private static String requireText(String text) {
            if (text == null || text.length() < 3) {
                throw new IllegalArgumentException("a forbidden string must be at least 3 characters: " + text);
            }
            return text;
        }
    }

    /** The line, or if it is long the part of it around {@code position}, cut ends marked with "...". */
    private static String around(String line, int position) {
        if (line.length() <= SHOWN) {
            return line;
        }
        int from = Math.max(0, Math.min(position - SHOWN / 2, line.length() - SHOWN));
        int to = Math.min(line.length(), from + SHOWN);
        return (from > 0 ? "..." : "") + line.substring(from, to) + (to < line.length() ? "..." : "");
    }

    /**
     * Every line of {@code lines} (by source: a file name, a JVM) that contains a forbidden string, as
     * {@code source: [label] line}, a long line cut to the part around the forbidden string.
     */
    public static List<String> findings(Map<String, List<String>> lines, List<Forbidden> forbidden) {
        List<String> findings = new ArrayList<>();
        lines.forEach((source, sourceLines) -> {
            for (String line : sourceLines) {
                for (Forbidden candidate : forbidden) {
                    Matcher match = candidate.pattern().matcher(line);
                    if (match.find()) {
                        findings.add(source + ": [" + candidate.label() + "] " + around(line, match.start()));
                    }
                }
            }
        });
        return findings;
    }
}
