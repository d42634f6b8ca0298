// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.palisade.deploy.tls.TlsTrust;

/**
 * The memory (and CPU time) of one gateway process, seen from outside: its resident set ({@code VmRSS} of
 * {@code /proc/<pid>/status}) and its heap in use ({@code jvm_memory_used_bytes{area="heap"}} summed over the
 * pools, from {@code /q/metrics}), after a full collection asked for with {@code jcmd <pid> GC.run} so that the
 * heap figure is the live set rather than whatever garbage the last cycle left.
 */
final class GatewayMemory {

    private final long pid;
    private final HttpClient http;
    private final URI metrics;

    record Sample(long rssBytes, long heapBytes, long sessions) {
    }

    GatewayMemory(Path pidFile, String gatewayUrl, Path caCertificate) {
        this.pid = javaPid(pidFile);
        this.http = HttpClient.newBuilder().sslContext(TlsTrust.trusting(caCertificate))
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.metrics = URI.create(gatewayUrl + "/q/metrics");
    }

    long pid() {
        return pid;
    }

    /** Collects the gateway's garbage, waits {@code settle}, and reads RSS, heap and the authenticated sockets. */
    Sample sample(Duration settle) throws IOException, InterruptedException {
        fullGc();
        Thread.sleep(settle.toMillis());
        fullGc();
        String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long heap = 0;
        long sessions = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("palisade_websocket_sessions")) {
                sessions = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return new Sample(rss(), heap, sessions);
    }

    /** CPU time the gateway process has used so far (user + system, from {@code /proc/<pid>/stat}), in ms. */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the fields after the command name, which is in parentheses and may hold spaces: utime and stime are
        // the 14th and 15th fields of the line, in clock ticks (USER_HZ, 100 on Linux)
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    private void fullGc() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return; // a JRE without jcmd: the heap figure then includes garbage
        }
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS)) {
            gc.destroyForcibly();
        }
    }

    /** The gateway JVM: the process of the PID file ({@code setsid} execs it), or its java descendant. */
    private static long javaPid(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle process = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("the gateway of " + pidFile + " is not running"));
            return Stream.concat(Stream.of(process), process.descendants())
                    .filter(handle -> isJava(handle.pid()))
                    .findFirst().map(ProcessHandle::pid).orElse(pid);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the gateway's PID file " + pidFile, e);
        }
    }

    private static boolean isJava(long pid) {
        try {
            Optional<String> name = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("Name:")).findFirst();
            return name.map(line -> line.substring(5).strip().equals("java")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }
}
