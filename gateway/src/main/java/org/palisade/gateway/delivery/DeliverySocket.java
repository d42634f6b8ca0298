// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import java.sql.SQLException;
import java.util.UUID;
import org.palisade.gateway.problem.ProblemType;

/**
 * {@code wss://gateway/v1/socket}: a device's delivery socket. The upgrade needs no credentials, so a token
 * never appears in a URL or an access log; the first frame must authenticate (see {@link ClientFrame}) within
 * the timeout, or the socket closes with 4401. The gateway then pushes every waiting envelope and each new one as
 * it arrives, in order; the device acknowledges each by id, and unacknowledged ones come again on the next
 * connection. The socket closes with 4408 when the token expires unless a fresh token arrived in an auth frame,
 * and with 4410 when the device is revoked.
 */
@WebSocket(path = "/v1/socket")
public class DeliverySocket {

    private final DeviceSessions sessions;
    private final SocketAuthenticator authenticator;
    private final MailboxStore mailbox;
    private final EnvelopePusher pusher;
    private final ObjectMapper json;

    DeliverySocket(DeviceSessions sessions, SocketAuthenticator authenticator, MailboxStore mailbox, EnvelopePusher pusher,
                   ObjectMapper json) {
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.mailbox = mailbox;
        this.pusher = pusher;
        this.json = json;
    }

    @OnOpen
    void onOpen(WebSocketConnection connection) {
        sessions.opened(connection);
    }

    @OnTextMessage
    void onText(String text, WebSocketConnection connection) {
        DeviceSession session = sessions.session(connection);
        if (session == null) {
            return;
        }
        ClientFrame frame;
        try {
            frame = json.readValue(text, ClientFrame.class);
        } catch (JsonProcessingException e) {
            if (session.identity() == null) {
                session.close(SocketRefusal.UNAUTHENTICATED);
            } else {
                reply(connection, new ServerFrames.Error(ProblemType.MALFORMED_REQUEST.uri(), "not a JSON frame", null));
            }
            return;
        }
        try {
            if ("auth".equals(frame.type())) {
                DeviceIdentity identity = authenticator.authenticate(frame.token(), frame.deviceId());
                sessions.authenticated(session, identity,
                        () -> reply(connection, new ServerFrames.Ready(identity.deviceId(), identity.expires())));
            } else if (session.identity() == null) {
                throw new SocketRefusedException(SocketRefusal.UNAUTHENTICATED);
            } else if ("ack".equals(frame.type())) {
                acknowledge(session, frame.id());
            } else {
                reply(connection, new ServerFrames.Error(ProblemType.INVALID_REQUEST.uri(), "unknown frame type", null));
            }
        } catch (SocketRefusedException e) {
            session.close(e.refusal());
        }
    }

    @OnClose
    void onClose(WebSocketConnection connection) {
        sessions.closed(connection);
    }

    private void acknowledge(DeviceSession session, String id) {
        UUID envelopeId;
        try {
            envelopeId = UUID.fromString(String.valueOf(id));
        } catch (IllegalArgumentException e) {
            reply(session.connection(), new ServerFrames.Error(ProblemType.ENVELOPE_NOT_FOUND.uri(), "no such envelope", null));
            return;
        }
        try {
            if (mailbox.acknowledge(session.identity().recipient(), envelopeId)) {
                reply(session.connection(), new ServerFrames.Acked(envelopeId.toString()));
            } else {
                reply(session.connection(), new ServerFrames.Error(ProblemType.ENVELOPE_NOT_FOUND.uri(),
                        "no such envelope waiting for this device (unknown, or acknowledged before)", envelopeId.toString()));
            }
        } catch (SQLException e) {
            reply(session.connection(), new ServerFrames.Error(ProblemType.DELIVERY_UNAVAILABLE.uri(),
                    "the acknowledgement was not applied; send it again later", envelopeId.toString()));
        }
    }

    private void reply(WebSocketConnection connection, Object frame) {
        connection.sendTextAndAwait(pusher.frame(frame));
    }
}
