// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.palisade.client.gateway.DeliveredEnvelope;
import org.palisade.client.gateway.DeliveryClosedException;
import org.palisade.client.gateway.DeliveryConnection;
import org.palisade.client.messaging.AttachmentTamperedException;
import org.palisade.client.messaging.Messenger;
import org.palisade.client.messaging.Received;
import org.palisade.client.profile.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palisade receive [--wait SECONDS]}: connects, receives what waits and what arrives, one line (or one
 * JSON object) per envelope, and returns after {@code SECONDS} without a new one. Every envelope is
 * acknowledged once processed, also a rejected one (it is reported, and would otherwise come back).
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
    description = "Receive messages; returns after --wait seconds without a new one.")
final class ReceiveCommand extends ProfileCommand {

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "3",
      description = "Return after this many seconds without a new envelope (default ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Option(names = "--save-dir", paramLabel = "DIR", description = "Save received files here (checked first).")
  Path saveDir;

  @Override
  int run() throws Exception {
    return withProfile(this::receive);
  }

  private int receive(Profile profile) throws Exception {
    Messenger messenger = profile.messenger();
    Profile.Identity self = profile.requireIdentity();
    BlockingQueue<DeliveredEnvelope> arrived = new LinkedBlockingQueue<>();
    AtomicReference<DeliveryConnection.Closure> closed = new AtomicReference<>();
    DeliveryConnection.Listener listener = new DeliveryConnection.Listener() {
      @Override
      public void onEnvelope(DeliveredEnvelope envelope) {
        arrived.add(envelope);
      }

      @Override
      public void onClosed(DeliveryConnection.Closure closure) {
        closed.set(closure);
      }
    };
    DeliveryConnection connection;
    try {
      connection = DeliveryConnection.open(profile.config().gateway(), profile.tls(), profile.tokenSource(),
          self.deviceId(), listener);
    } catch (DeliveryClosedException e) {
      throw new CliFailure(closedReason(closed.get()), e);
    }
    int received = 0;
    try (connection) {
      while (true) {
        DeliveredEnvelope envelope = arrived.poll(Duration.ofSeconds(waitSeconds).toMillis(), TimeUnit.MILLISECONDS);
        if (envelope == null) {
          break;
        }
        Received message = messenger.process(envelope);
        report(messenger, message);
        connection.ack(envelope.id());
        received++;
      }
      DeliveryConnection.Closure closure = closed.get();
      if (closure != null && closure.kind() != DeliveryConnection.Closure.Kind.NORMAL) {
        throw new CliFailure(closedReason(closure), null);
      }
    }
    profile.provisioning().topUp(profile.gateway(), self.deviceId());
    profile.provisioning().rotateIfDue(profile.gateway(), self.deviceId());
    if (!options.json) {
      err().println(received == 0 ? "no new messages" : received + " envelope" + (received == 1 ? "" : "s"));
      err().flush();
    }
    return 0;
  }

  private void report(Messenger messenger, Received message) throws Exception {
    String saved = null;
    if (message.file() != null && saveDir != null && message.isMessage()) {
      saved = save(messenger, message);
    }
    String line = switch (message.status()) {
      case "rejected" -> "rejected an envelope from " + message.sender() + "/" + message.senderDevice() + ": "
          + message.problem();
      case "duplicate" -> "duplicate envelope dropped";
      case "group-update" -> "[" + message.group().name() + "] " + message.sender() + " set the members: "
          + String.join(", ", message.group().members());
      default -> "[" + message.conversation() + "] " + message.sender() + ("sent-elsewhere".equals(message.status())
          ? " (from your other device)" : "") + ": " + (message.text() != null ? message.text()
          : "file " + message.file().name() + " (" + message.file().size() + " bytes)"
              + (saved != null ? " saved to " + saved : ""));
    };
    print(message, line);
    if (message.notice() != null && !options.json) {
      err().println("note: " + message.notice());
    }
  }

  private String save(Messenger messenger, Received message) throws Exception {
    byte[] content;
    try {
      content = messenger.download(message.file());
    } catch (AttachmentTamperedException e) {
      return null;
    }
    Files.createDirectories(saveDir);
    String name = Path.of(message.file().name()).getFileName().toString();
    Path target = saveDir.resolve(name.isBlank() || name.startsWith(".") ? "file-" + message.envelopeId() : name);
    for (int i = 1; Files.exists(target); i++) {
      target = saveDir.resolve(i + "-" + name);
    }
    try {
      Files.write(target, content);
    } catch (IOException e) {
      throw new CliFailure("cannot write the received file into --save-dir", e);
    }
    return target.toString();
  }

  private static String closedReason(DeliveryConnection.Closure closure) {
    if (closure == null) {
      return "the gateway closed the connection";
    }
    return switch (closure.kind()) {
      case DEVICE_REVOKED -> "this device was revoked: it receives nothing any more";
      case FORBIDDEN -> "the gateway does not accept this device (revoked, or not yours)";
      case UNAUTHENTICATED, TOKEN_EXPIRED -> "the sign-in is no longer valid: log in again";
      default -> "the connection ended: " + closure.reason();
    };
  }
}
