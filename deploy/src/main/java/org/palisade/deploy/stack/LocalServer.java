// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import java.nio.file.Path;
import org.palisade.deploy.tls.LocalCertificateAuthority;

/** What every third-party server of the stack shares: its home, ports, distributions, TLS material and process. */
public abstract class LocalServer implements Component {

    protected final StackHome home;
    protected final StackPorts ports;
    protected final ProjectLayout project;
    protected final LocalCertificateAuthority ca;
    protected final ManagedProcess process;
    private final String name;

    protected LocalServer(String name, StackHome home, StackPorts ports, ProjectLayout project, LocalCertificateAuthority ca) {
        this.name = name;
        this.home = home;
        this.ports = ports;
        this.project = project;
        this.ca = ca;
        this.process = new ManagedProcess(name, home);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path logFile() {
        return process.logFile();
    }

    @Override
    public boolean isUp() {
        return process.isAlive() && Readiness.portOpen(port());
    }

    /** This server's own directory in the stack's home. */
    protected Path dir() {
        return home.componentDir(name);
    }
}
