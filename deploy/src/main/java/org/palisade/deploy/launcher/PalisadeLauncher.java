// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.palisade.deploy.custody.CustodyTool;
import org.palisade.deploy.stack.Component;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.stack.ProjectLayout;
import org.palisade.deploy.stack.SecretFiles;
import org.palisade.deploy.stack.StackException;
import org.palisade.deploy.stack.StackHome;
import org.palisade.deploy.stack.StackPorts;

/**
 * The Java side of the {@code palisade} script: {@code up [--detach]}, {@code down}, {@code status}, and
 * {@code test-infra up|down} (the infrastructure alone on free ports, for a test run).
 * Exit codes: 0 success, 1 a component failed or is down, 2 usage error.
 */
public final class PalisadeLauncher {

    private final PrintStream out;
    private final StackHome home;
    private final ProjectLayout project;

    PalisadeLauncher(PrintStream out, StackHome home, ProjectLayout project) {
        this.out = out;
        this.home = home;
        this.project = project;
    }

    public static void main(String[] args) {
        StackHome home = StackHome.fromEnvironment(System.getenv());
        int code;
        try {
            code = new PalisadeLauncher(System.out, home, ProjectLayout.locate()).run(Arrays.asList(args));
        } catch (StackException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("palisade: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    int run(List<String> args) {
        String command = args.isEmpty() ? "" : args.get(0);
        List<String> rest = args.subList(Math.min(1, args.size()), args.size());
        switch (command) {
            case "up":
                return up(rest.contains("--detach"));
            case "down":
                return down();
            case "status":
                return status();
            case "test-infra":
                return testInfrastructure(rest);
            case "keys":
            case "audit":
                return custody(args);
            default:
                System.err.println("usage: palisade-launcher up [--detach] | down | status | test-infra up|down"
                        + " | keys init|list|rotate|export-root FILE | audit export FILE");
                return 2;
        }
    }

    private int up(boolean detach) {
        StackPorts ports = StackPorts.configured(System.getenv());
        LocalStack stack = new LocalStack(home, ports, project);
        out.println("Starting Palisade in " + home.root() + " (first start builds Keycloak, about a minute)");
        new CustodyTool(stack, project).startInfrastructure();
        try {
            stack.startApplications();
        } catch (RuntimeException e) {
            stack.stop(stack.infrastructure());
            throw e;
        }
        printSummary(stack);
        if (detach) {
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Palisade ...");
            stack.stopAll();
            System.out.println("Stopped.");
            stopped.countDown();
        }));
        out.println("Running in the foreground; Ctrl-C stops everything.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int down() {
        if (!Files.exists(home.portsFile())) {
            out.println("Nothing to stop in " + home.root());
            return 0;
        }
        LocalStack.attach(home, project).stopAll();
        out.println("Palisade stopped.");
        return 0;
    }

    private int status() {
        if (!Files.exists(home.portsFile())) {
            out.println("No Palisade stack in " + home.root() + "; start one with ./palisade up");
            return 1;
        }
        LocalStack stack = LocalStack.attach(home, project);
        boolean allUp = true;
        out.printf("%-14s %-5s %-6s %s%n", "COMPONENT", "STATE", "PORT", "LOG");
        for (Component component : stack.infrastructure()) {
            allUp &= printStatus(component.name(), component.isUp(), Integer.toString(component.port()), component.logFile());
        }
        allUp &= printStatus("hsm", stack.hsm().isInitialised(), "-", stack.hsm().configFile());
        for (Component app : stack.applications()) {
            allUp &= printStatus(app.name(), app.isUp(), Integer.toString(app.port()), app.logFile());
        }
        return allUp ? 0 : 1;
    }

    private boolean printStatus(String name, boolean up, String port, Path log) {
        out.printf("%-14s %-5s %-6s %s%n", name, up ? "up" : "down", port, log);
        return up;
    }

    /** Infrastructure on free ports for one test run; prints the environment the tests need. */
    private int testInfrastructure(List<String> args) {
        String action = args.isEmpty() ? "" : args.get(0);
        if ("down".equals(action)) {
            if (Files.exists(home.portsFile())) {
                LocalStack stack = LocalStack.attach(home, project);
                stack.stop(stack.infrastructure());
            }
            return 0;
        }
        if (!"up".equals(action)) {
            System.err.println("usage: palisade-launcher test-infra up|down");
            return 2;
        }
        if (Files.exists(home.portsFile())) {
            LocalStack.attach(home, project).stopAll();
        }
        LocalStack stack = new LocalStack(home, StackPorts.free(), project);
        stack.clearData();
        new CustodyTool(stack, project).startInfrastructure();
        out.println("PALISADE_TEST_HOME=" + home.root());
        out.println("SOFTHSM2_CONF=" + stack.hsm().configFile());
        return 0;
    }

    /** {@code keys ...} and {@code audit export ...}: the custody tools, against the running stack. */
    private int custody(List<String> args) {
        if (!Files.exists(home.portsFile())) {
            throw new StackException("launcher", "no stack in " + home.root() + "; start it with ./palisade up");
        }
        LocalStack stack = LocalStack.attach(home, project);
        if (!stack.postgres().isUp()) {
            throw new StackException("postgres", "not running: the custody ledger lives there; start with ./palisade up");
        }
        return new CustodyTool(stack, project).run(args);
    }

    private void printSummary(LocalStack stack) {
        String ca = stack.certificateAuthority().caCertificate().toString();
        out.println();
        out.println("Palisade is up.");
        for (var app : stack.applications()) {
            out.printf("  %-14s %s%n", app.name(), app.url());
        }
        out.printf("  %-14s %s  (administration: https://localhost:%d/admin, user keycloak-admin, password in %s)%n",
                "keycloak", stack.keycloak().issuer(), stack.ports().keycloak(), home.secret("keycloak-admin.password"));
        out.printf("  %-14s %s (TLS)%n", "kafka", stack.kafka().bootstrapServers());
        out.printf("  %-14s %s%n", "postgres", stack.postgres().jdbcUrl());
        out.printf("  %-14s token %s, SOFTHSM2_CONF=%s%n", "hsm", stack.hsm().label(), stack.hsm().configFile());
        out.printf("  %-14s %s (the root clients pin; ./palisade keys list shows every key)%n", "org root",
                new CustodyTool(stack, project).orgRoot());
        out.println();
        out.println("TLS: every server uses the local CA " + ca);
        out.println("  e.g. curl --cacert " + ca + " " + stack.gateway().url() + "/q/health/ready");
        out.println("Logs: " + home.logs());
        out.println("Demo users (" + home.demoCredentials() + "):");
        out.print(SecretFiles.read(home.demoCredentials()).lines().filter(l -> !l.startsWith("#"))
                .map(l -> "  " + l + "\n").reduce("", String::concat));
        out.println("Stop with ./palisade down; reset with ./palisade down && rm -rf " + home.root());
    }
}
