// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The TCP ports of a stack. Defaults can be overridden with {@code PALISADE_<NAME>_PORT}; the test harness
 * takes free ones. The ports a stack was started with are saved in its home, so {@code status}, {@code down}
 * and attaching tests find them again.
 */
public record StackPorts(int gateway, int adminConsole, int keycloak, int keycloakManagement, int kafka,
        int kafkaController, int postgres) {

    private static final Map<String, Integer> DEFAULTS = defaults();

    private static Map<String, Integer> defaults() {
        Map<String, Integer> d = new LinkedHashMap<>();
        d.put("gateway", 8443);
        d.put("admin-console", 8444);
        d.put("keycloak", 18443);
        d.put("keycloak-management", 19000);
        d.put("kafka", 19092);
        d.put("kafka-controller", 19093);
        d.put("postgres", 15432);
        return d;
    }

    /** The defaults, each overridable by an environment variable such as {@code PALISADE_KAFKA_PORT}. */
    public static StackPorts configured(Map<String, String> env) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        DEFAULTS.forEach((name, port) -> {
            String variable = "PALISADE_" + name.toUpperCase().replace('-', '_') + "_PORT";
            String value = env.get(variable);
            ports.put(name, value == null || value.isBlank() ? port : parsePort(variable, value));
        });
        return fromMap(ports);
    }

    /** Ports that are free right now, for a stack that must not collide with anything (tests). */
    public static StackPorts free() {
        // every socket stays open until all ports are chosen: closed one by one, the system may hand the same
        // ephemeral port out twice
        Map<String, Integer> ports = new LinkedHashMap<>();
        java.util.List<ServerSocket> held = new java.util.ArrayList<>();
        try {
            for (String name : DEFAULTS.keySet()) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.put(name, socket.getLocalPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on the loopback interface", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a listening socket that accepted nothing does not fail in practice
                }
            }
        }
        return fromMap(ports);
    }

    public static StackPorts load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stack's ports from " + file, e);
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        DEFAULTS.keySet().forEach(name -> ports.put(name, parsePort(name, properties.getProperty(name, ""))));
        return fromMap(ports);
    }

    public void save(Path file) {
        Properties properties = new Properties();
        asMap().forEach((name, port) -> properties.setProperty(name, Integer.toString(port)));
        try {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(file)) {
                properties.store(writer, "ports of this Palisade stack");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stack's ports to " + file, e);
        }
    }

    public Map<String, Integer> asMap() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("gateway", gateway);
        m.put("admin-console", adminConsole);
        m.put("keycloak", keycloak);
        m.put("keycloak-management", keycloakManagement);
        m.put("kafka", kafka);
        m.put("kafka-controller", kafkaController);
        m.put("postgres", postgres);
        return m;
    }

    /** True when nothing listens on {@code port} on the loopback interface. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static StackPorts fromMap(Map<String, Integer> p) {
        return new StackPorts(p.get("gateway"), p.get("admin-console"), p.get("keycloak"),
                p.get("keycloak-management"), p.get("kafka"), p.get("kafka-controller"), p.get("postgres"));
    }


    private static int parsePort(String name, String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a TCP port between 1 and 65535, not '" + value + "'");
        }
    }
}
