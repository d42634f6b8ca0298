// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import org.palisade.bench.delivery.DeliveryRecorder.Phase;
import org.palisade.bench.delivery.DeliveryRecorder.Result;
import org.palisade.deploy.apps.QuarkusApp;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.stack.ProjectLayout;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.deploy.tls.TlsTrust;

/**
 * Delivery through the real stack: one gateway process of its own (the packaged jar, as {@code ./palisade up}
 * runs it) on the test infrastructure (PostgreSQL, Kafka, Keycloak, SoftHSM2), {@code pairs} online
 * sender/receiver pairs, each sender submitting envelopes of {@code size} random bytes to its receiver at a
 * fixed pace, each receiver holding its delivery socket and acknowledging every envelope. Prints envelopes/s
 * accepted and delivered and the delivery latency (receive time less the start of the submission), as the
 * median of {@code runs} measured phases; then the gateway's memory per idle authenticated socket.
 *
 * <p>Settings (system properties, {@code -Dbench.delivery.NAME=VALUE}): {@code pairs} (20), {@code rate}
 * envelopes/s per sender (15: under the gateway's 20/s per device), {@code size} bytes (1024), {@code warmup}
 * seconds (15: the gateway starts with a cold JIT, and shorter warm-ups leave the first run visibly slower),
 * {@code duration} seconds per measured phase (20), {@code runs} (3), {@code drain} seconds to wait
 * for stragglers after a phase (30), {@code idle-sockets} per round (500), {@code idle-rounds} (3),
 * {@code settle} seconds before a memory sample (5).
 *
 * <p>Devices: each bench user gets exactly one live device, id 1, with fresh keys every run; devices left live
 * by an earlier run (whose private keys are gone) are revoked first over the API, which is what a real client
 * that lost its keys does.
 */
public final class DeliveryBenchmark {

    private static final String GATEWAY_NAME = "bench-gateway";

    private final LocalStack stack;
    private final int pairs = setting("pairs", 20);
    private final double rate = settingDouble("rate", 15);
    private final int size = setting("size", 1024);
    private final Duration warmup = Duration.ofSeconds(setting("warmup", 15));
    private final Duration duration = Duration.ofSeconds(setting("duration", 20));
    private final int runs = setting("runs", 3);
    private final Duration drain = Duration.ofSeconds(setting("drain", 30));
    private final int idleSockets = setting("idle-sockets", 500);
    private final int idleRounds = setting("idle-rounds", 3);
    private final Duration settle = Duration.ofSeconds(setting("settle", 5));

    private final List<String> senders;
    private final List<String> receivers;
    private final DeliveryRecorder recorder = new DeliveryRecorder();
    private final List<GatewayApi> senderApis = new ArrayList<>();
    private BenchTokens tokens;
    private String gatewayUrl;
    private GatewayMemory gatewayProcess;

    private DeliveryBenchmark(LocalStack stack) {
        this.stack = stack;
        this.senders = BenchUsers.names("sender", pairs);
        this.receivers = BenchUsers.names("receiver", pairs);
    }

    public static void main(String[] args) throws Exception {
        ProjectLayout project = ProjectLayout.locate();
        Path jar = project.quarkusApp("gateway");
        if (!Files.exists(jar)) {
            System.err.println("delivery benchmark: " + jar + " is missing: build the gateway first"
                    + " (./palisade build, or mvn -pl gateway -am install -DskipTests)");
            System.exit(2);
        }
        LocalStack stack = TestInfrastructure.get();
        int code = new DeliveryBenchmark(stack).run();
        System.exit(code);
    }

    private int run() throws Exception {
        QuarkusApp gateway = stack.additionalGateway(GATEWAY_NAME, freePort());
        gateway.stop(); // one left by a run that was killed (found by its PID file)
        Thread stopOnExit = new Thread(gateway::stop, "stop-" + GATEWAY_NAME);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            say("starting " + GATEWAY_NAME + " on " + gateway.url() + " (log " + gateway.logFile() + ")");
            gateway.prepare();
            gateway.start();
            gateway.awaitReady();
            gatewayUrl = gateway.url();
            gatewayProcess = new GatewayMemory(stack.home().pidFile(GATEWAY_NAME), gatewayUrl,
                    stack.certificateAuthority().caCertificate());
            return measure();
        } finally {
            gateway.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs, and finds nothing left to stop
            }
        }
    }

    private int measure() throws Exception {
        Path ca = stack.certificateAuthority().caCertificate();
        say(String.format(Locale.ROOT, "%d cores, load average %s", Runtime.getRuntime().availableProcessors(), loadAverage()));
        if (rate >= 20) {
            say("warning: the gateway accepts 20 requests/s per device (burst 40); at " + rate
                    + "/s per sender expect 429s among the failures");
        }
        List<String> users = new ArrayList<>(senders);
        users.addAll(receivers);
        BenchUsers benchUsers = new BenchUsers(stack);
        say("making " + users.size() + " users in Keycloak and registering one device each");
        benchUsers.ensure(users);
        tokens = new BenchTokens(stack, benchUsers.password());
        GatewayApi setup = new GatewayApi(gatewayUrl, ca, tokens);
        for (String user : users) {
            setup.registerOnlyDevice(user);
        }
        // each sender its own client, hence its own connection, kept from the warm-up to the last phase
        for (int i = 0; i < pairs; i++) {
            senderApis.add(new GatewayApi(gatewayUrl, ca, tokens));
        }

        List<ReceiverSocket> sockets = new ArrayList<>();
        ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor();
        List<Result> results = new ArrayList<>();
        try {
            for (String receiver : receivers) {
                HttpClient http = HttpClient.newBuilder().sslContext(TlsTrust.trusting(ca)).build();
                sockets.add(ReceiverSocket.connect(http, gatewayUrl, tokens.get(receiver), GatewayApi.DEVICE_ID,
                        recorder::arrived));
            }
            // a token lives 5 minutes; the gateway closes a socket whose token expired unless a new one came
            renewals.scheduleAtFixedRate(() -> renewTokens(sockets), 60, 60, TimeUnit.SECONDS);

            say(String.format(Locale.ROOT, "%d pairs, %d B envelopes, %.0f/s per sender (offered %.0f/s): warm-up %d s,"
                    + " then %d x %d s", pairs, size, rate, rate * pairs, warmup.toSeconds(), runs, duration.toSeconds()));
            Result warm = phase("warm-up", warmup);
            print(warm);
            for (int i = 1; i <= runs; i++) {
                Result result = phase("run " + i, duration);
                print(result);
                results.add(result);
            }
            long unmatched = recorder.unmatchedDeliveries();
            if (unmatched > 0) {
                say(unmatched + " deliveries this run did not send (left in a mailbox by an earlier run, or repeated)");
            }
            long socketErrors = sockets.stream().mapToLong(ReceiverSocket::errors).sum();
            if (socketErrors > 0) {
                say(socketErrors + " error frames on the receivers' sockets, e.g. " + sockets.stream()
                        .map(ReceiverSocket::lastError).filter(Objects::nonNull).findFirst().orElse("?"));
            }
            long closedSockets = sockets.stream().filter(socket -> !socket.isOpen()).count();
            if (closedSockets > 0) {
                say(closedSockets + " of the receivers' sockets were closed by the gateway");
            }
        } finally {
            renewals.shutdownNow();
            sockets.forEach(ReceiverSocket::close);
        }

        IdleFigures idle = idleSockets(ca);

        System.out.println();
        System.out.println("Delivery benchmark (" + GATEWAY_NAME + ": one gateway process on the real PostgreSQL, Kafka,"
                + " Keycloak and SoftHSM2; " + Runtime.getRuntime().availableProcessors() + " cores shared with all of them)");
        System.out.printf(Locale.ROOT, "  delivery: %d pairs, %s: accepted %.0f/s, delivered %.0f/s, latency p50 %.0f ms"
                        + " p99 %.0f ms max %.0f ms (median of %d; offered %.0f/s)%n",
                pairs, sizeLabel(size), median(results, Result::acceptedPerSecond), median(results, Result::deliveredPerSecond),
                median(results, Result::p50Millis), median(results, Result::p99Millis), median(results, Result::maxMillis),
                results.size(), rate * pairs);
        Map<String, Long> failures = new TreeMap<>();
        results.forEach(result -> result.failures().forEach((status, count) -> failures.merge(status, count, Long::sum)));
        long undelivered = results.stream().mapToLong(Result::undelivered).sum();
        System.out.printf(Locale.ROOT, "  time to the gateway's 200: p50 %.0f ms; gateway CPU %.1f ms per envelope (submit,"
                        + " store, push; median of %d)%n", median(results, Result::acceptP50Millis),
                median(results, Result::gatewayCpuMillisPerEnvelope), results.size());
        System.out.println("  failed submissions: " + (failures.isEmpty() ? "none" : failures)
                + "; accepted but undelivered after the drain: " + undelivered);
        if (idle != null) {
            System.out.printf(Locale.ROOT, "  idle socket: %.0f KiB RSS, %.1f KiB heap each (%d sockets a round, median of %d rounds)%n",
                    idle.rssKib, idle.heapKib, idleSockets, idle.rounds);
        }
        return results.stream().allMatch(result -> result.deliveredPerSecond() > 0) ? 0 : 1;
    }

    /** Runs the senders for {@code length}, then waits (up to the drain time) for their envelopes to arrive. */
    private Result phase(String name, Duration length) throws Exception {
        long cpuBefore = gatewayProcess.cpuMillis();
        Phase phase = new Phase(name, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200), length.toNanos());
        ExecutorService pool = Executors.newFixedThreadPool(pairs);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                int pair = i;
                running.add(pool.submit(() -> {
                    send(pair, phase);
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long until = System.nanoTime() + drain.toNanos();
        while (phase.delivered.get() < phase.accepted.get() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        phase.gatewayCpuMillis(gatewayProcess.cpuMillis() - cpuBefore);
        return phase.result();
    }

    /**
     * Sender {@code pair}: one envelope every 1/rate seconds, the senders' slots spread over the interval; a
     * sender that fell behind (a slow answer) does not burst to catch up, it goes on from now.
     */
    private void send(int pair, Phase phase) {
        GatewayApi api = senderApis.get(pair);
        String sender = senders.get(pair);
        String receiver = receivers.get(pair);
        SplittableRandom random = new SplittableRandom(pair * 7919L + phase.startNanos);
        byte[] content = new byte[size];
        long interval = (long) (1e9 / rate);
        long next = phase.startNanos + interval * pair / pairs;
        while (next < phase.endNanos && !Thread.currentThread().isInterrupted()) {
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            fill(random, content);
            String encoded = Base64.getEncoder().encodeToString(content);
            long start = System.nanoTime();
            GatewayApi.Submitted submitted = api.submit(sender, receiver, encoded);
            if (submitted.status() == 200) {
                recorder.accepted(submitted.envelopeId(), start, phase);
            } else {
                phase.failed(submitted.status());
            }
            next += interval;
            long now = System.nanoTime();
            if (next < now - interval) {
                next = now;
            }
        }
    }

    private record IdleFigures(double rssKib, double heapKib, int rounds) {
    }

    /**
     * Opens {@code idle-sockets} more authenticated sockets per round (spread over the receivers' devices; a
     * device may hold several), cumulatively, and reads the gateway's RSS and live heap before and after each
     * round; the figure is the median over the rounds of (after - before) / sockets.
     */
    private IdleFigures idleSockets(Path ca) throws Exception {
        if (idleSockets <= 0 || idleRounds <= 0) {
            return null;
        }
        GatewayMemory memory = gatewayProcess;
        // fresh tokens: the gateway closes each socket when the token it authenticated with expires
        receivers.forEach(tokens::renew);
        HttpClient http = HttpClient.newBuilder().sslContext(TlsTrust.trusting(ca)).build();
        List<ReceiverSocket> idle = Collections.synchronizedList(new ArrayList<>());
        List<Double> rss = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        ExecutorService openers = Executors.newFixedThreadPool(4);
        try {
            GatewayMemory.Sample before = memory.sample(settle);
            say(String.format(Locale.ROOT, "idle sockets: gateway pid %d, before: RSS %s, heap %s, %d sockets",
                    memory.pid(), mib(before.rssBytes()), mib(before.heapBytes()), before.sessions()));
            for (int round = 1; round <= idleRounds; round++) {
                List<Future<?>> opened = new ArrayList<>();
                for (int i = 0; i < idleSockets; i++) {
                    String receiver = receivers.get(i % receivers.size());
                    opened.add(openers.submit(() -> {
                        idle.add(ReceiverSocket.connect(http, gatewayUrl, tokens.get(receiver), GatewayApi.DEVICE_ID, null));
                        return null;
                    }));
                }
                for (Future<?> socket : opened) {
                    socket.get();
                }
                GatewayMemory.Sample after = memory.sample(settle);
                long added = after.sessions() - before.sessions();
                double rssEach = (after.rssBytes() - before.rssBytes()) / 1024.0 / idleSockets;
                double heapEach = (after.heapBytes() - before.heapBytes()) / 1024.0 / idleSockets;
                rss.add(rssEach);
                heap.add(heapEach);
                say(String.format(Locale.ROOT, "  round %d: %d sockets open: RSS %s, heap %s: %.1f KiB RSS, %.1f KiB heap"
                                + " per socket%s", round, after.sessions(), mib(after.rssBytes()), mib(after.heapBytes()),
                        rssEach, heapEach, added == idleSockets ? "" : " (the gateway counts " + added + " new sockets, not "
                                + idleSockets + ")"));
                before = after;
            }
        } finally {
            openers.shutdownNow();
            synchronized (idle) {
                idle.forEach(ReceiverSocket::close);
            }
        }
        return new IdleFigures(medianOf(rss), medianOf(heap), rss.size());
    }

    private void renewTokens(List<ReceiverSocket> sockets) {
        for (int i = 0; i < sockets.size(); i++) {
            try {
                sockets.get(i).authenticate(tokens.get(receivers.get(i)), GatewayApi.DEVICE_ID);
            } catch (Exception e) {
                say("cannot renew the token of " + receivers.get(i) + "'s socket: " + e.getMessage());
            }
        }
    }

    private static void print(Result result) {
        say(String.format(Locale.ROOT, "  %-8s accepted %.1f/s, delivered %.1f/s, latency p50 %.1f ms p99 %.1f ms max %.1f ms,"
                        + " 200 after p50 %.1f ms, gateway CPU %.1f ms/envelope, undelivered %d, failed %s", result.phase(),
                result.acceptedPerSecond(), result.deliveredPerSecond(), result.p50Millis(), result.p99Millis(),
                result.maxMillis(), result.acceptP50Millis(), result.gatewayCpuMillisPerEnvelope(), result.undelivered(),
                result.failures().isEmpty() ? "none" : result.failures()));
    }

    private static void fill(SplittableRandom random, byte[] bytes) {
        for (int i = 0; i < bytes.length; i += 8) {
            long value = random.nextLong();
            for (int j = 0; j < 8 && i + j < bytes.length; j++) {
                bytes[i + j] = (byte) (value >>> (8 * j));
            }
        }
    }

    private static double median(List<Result> results, ToDoubleFunction<Result> figure) {
        return medianOf(results.stream().map(figure::applyAsDouble).toList());
    }

    private static double medianOf(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String sizeLabel(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void say(String line) {
        System.out.println("delivery benchmark: " + line);
    }

    private static int setting(String name, int fallback) {
        return Integer.parseInt(System.getProperty("bench.delivery." + name, Integer.toString(fallback)).strip());
    }

    private static double settingDouble(String name, double fallback) {
        return Double.parseDouble(System.getProperty("bench.delivery." + name, Double.toString(fallback)).strip());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on the loopback interface", e);
        }
    }
}
