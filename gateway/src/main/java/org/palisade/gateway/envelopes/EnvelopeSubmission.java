// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.palisade.gateway.devices.DeviceException;
import org.palisade.gateway.devices.LiveDevices;
import org.palisade.gateway.devices.LiveDevices.LiveDevice;
import org.palisade.gateway.devices.LiveDevices.Recipient;
import org.palisade.gateway.epochs.EpochCipher;
import org.palisade.gateway.epochs.EpochException;
import org.palisade.gateway.epochs.RoutingHash;
import org.palisade.gateway.identity.User;

/**
 * Accepts one submission: checks its shape and limits, that it addresses exactly the live devices of every
 * recipient and of the sender's other devices, then gives every envelope an id and the server time, seals each
 * (routing data included) under the current epoch key and writes them to Kafka in one transaction, keyed by the
 * recipient device's routing hash so each device's envelopes stay in one partition, in order.
 */
@ApplicationScoped
public class EnvelopeSubmission {

    /** What the sealed Kafka value is, bound into its additional data. */
    public static final String SEALED_KIND = "envelope";

    private final EnvelopesConfig config;
    private final LiveDevices liveDevices;
    private final SendRateLimiter rateLimiter;
    private final RoutingHash routing;
    private final EpochCipher cipher;
    private final EnvelopeTopic topic;
    private final EnvelopeProducer producer;
    private final EnvelopeMetrics metrics;
    private final Clock clock;

    EnvelopeSubmission(EnvelopesConfig config, LiveDevices liveDevices, SendRateLimiter rateLimiter, RoutingHash routing,
                       EpochCipher cipher, EnvelopeTopic topic, EnvelopeProducer producer, EnvelopeMetrics metrics, Clock clock) {
        this.config = config;
        this.liveDevices = liveDevices;
        this.rateLimiter = rateLimiter;
        this.routing = routing;
        this.cipher = cipher;
        this.topic = topic;
        this.producer = producer;
        this.metrics = metrics;
        this.clock = clock;
    }

    private record Destination(String recipient, int deviceId, int registrationId, MessageType type, byte[] content) {
    }

    /** @throws EnvelopeException for every refusal; nothing is sent then */
    public SubmitResponse submit(User sender, int senderDevice, SubmitRequest request) {
        rateLimiter.acquire(sender.id(), senderDevice);
        List<Destination> destinations = validate(sender, senderDevice, request);
        Map<String, Recipient> recipients = checkDeviceLists(sender, senderDevice, destinations);

        // milliseconds: what the sealed record keeps, so the time a sender is told is the one recipients see
        Instant serverTime = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(destinations.size());
        List<SubmitResponse.AcceptedEnvelope> accepted = new ArrayList<>(destinations.size());
        try {
            for (Destination destination : destinations) {
                UUID id = UUID.randomUUID();
                UUID recipientId = recipients.get(destination.recipient()).userId();
                EnvelopeRecord envelope = new EnvelopeRecord(id, serverTime, sender.id(), sender.username(), senderDevice,
                        recipientId, destination.deviceId(), destination.type(), destination.content());
                byte[] routingHash = routing.of(recipientId, destination.deviceId());
                records.add(new ProducerRecord<>(topic.name(), routingHash, cipher.seal(SEALED_KIND, routingHash, envelope.toBytes())));
                accepted.add(new SubmitResponse.AcceptedEnvelope(destination.recipient(), destination.deviceId(), id.toString()));
            }
        } catch (EpochException e) {
            throw new EnvelopeException(EnvelopeException.Reason.UNAVAILABLE, e);
        }
        producer.sendAll(records);
        metrics.accepted(records.size());
        return new SubmitResponse(serverTime, accepted);
    }

    private List<Destination> validate(User sender, int senderDevice, SubmitRequest request) {
        if (request == null || request.envelopes() == null || request.envelopes().isEmpty()
                || request.envelopes().size() > config.maxEnvelopesPerRequest()) {
            throw new EnvelopeException(EnvelopeException.Reason.INVALID_ENVELOPES);
        }
        List<Destination> destinations = new ArrayList<>(request.envelopes().size());
        Map<String, Map<Integer, Integer>> seen = new HashMap<>();
        long total = 0;
        for (OutgoingEnvelope envelope : request.envelopes()) {
            Destination destination = destination(envelope);
            total += destination.content().length;
            if (total > config.maxRequestBytes()) {
                throw new EnvelopeException(EnvelopeException.Reason.TOO_LARGE);
            }
            boolean toSelf = destination.recipient().equals(sender.username()) && destination.deviceId() == senderDevice;
            Map<Integer, Integer> devices = seen.computeIfAbsent(destination.recipient(), recipient -> new HashMap<>());
            if (toSelf || devices.put(destination.deviceId(), destination.registrationId()) != null) {
                throw new EnvelopeException(EnvelopeException.Reason.DUPLICATE_DESTINATION);
            }
            destinations.add(destination);
        }
        return destinations;
    }

    private Destination destination(OutgoingEnvelope envelope) {
        if (envelope == null || envelope.recipient() == null || envelope.recipient().isEmpty()
                || envelope.recipient().length() > 255 || envelope.deviceId() == null || envelope.deviceId() < 1
                || envelope.deviceId() > 127 || envelope.registrationId() == null || envelope.registrationId() < 1
                || envelope.registrationId() > 16383 || envelope.content() == null || envelope.content().isEmpty()) {
            throw new EnvelopeException(EnvelopeException.Reason.INVALID_ENVELOPES);
        }
        MessageType type = MessageType.fromWireName(envelope.type())
                .orElseThrow(() -> new EnvelopeException(EnvelopeException.Reason.INVALID_ENVELOPES));
        // base64 of more than the limit cannot decode to within it: refuse before decoding
        if (envelope.content().length() > (config.maxEnvelopeBytes() + 2L) / 3 * 4) {
            throw new EnvelopeException(EnvelopeException.Reason.TOO_LARGE);
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(envelope.content());
        } catch (IllegalArgumentException e) {
            throw new EnvelopeException(EnvelopeException.Reason.MALFORMED_CONTENT);
        }
        if (content.length == 0) {
            throw new EnvelopeException(EnvelopeException.Reason.INVALID_ENVELOPES);
        }
        if (content.length > config.maxEnvelopeBytes()) {
            throw new EnvelopeException(EnvelopeException.Reason.TOO_LARGE);
        }
        return new Destination(envelope.recipient(), envelope.deviceId(), envelope.registrationId(), type, content);
    }

    private Map<String, Recipient> checkDeviceLists(User sender, int senderDevice, List<Destination> destinations) {
        Map<String, Map<Integer, Integer>> addressed = new LinkedHashMap<>();
        for (Destination destination : destinations) {
            addressed.computeIfAbsent(destination.recipient(), recipient -> new LinkedHashMap<>())
                    .put(destination.deviceId(), destination.registrationId());
        }
        Map<String, Recipient> recipients;
        List<LiveDevice> ownDevices;
        try {
            ownDevices = liveDevices.devicesOf(sender.id());
            recipients = liveDevices.recipients(addressed.keySet());
        } catch (DeviceException e) {
            throw new EnvelopeException(EnvelopeException.Reason.UNAVAILABLE, e);
        }
        if (ownDevices.stream().noneMatch(device -> device.deviceId() == senderDevice)) {
            throw new EnvelopeException(EnvelopeException.Reason.SENDER_DEVICE_NOT_FOUND);
        }
        List<LiveDevice> otherOwnDevices = ownDevices.stream().filter(device -> device.deviceId() != senderDevice).toList();
        if (!otherOwnDevices.isEmpty() && !addressed.containsKey(sender.username())) {
            addressed.put(sender.username(), Map.of());
            recipients.put(sender.username(), new Recipient(sender.id(), sender.username(), ownDevices));
        }
        List<DeviceListMismatch> mismatches = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Integer>> entry : addressed.entrySet()) {
            Recipient recipient = recipients.get(entry.getKey());
            boolean self = recipient != null && recipient.userId().equals(sender.id());
            if (recipient == null || (!self && recipient.devices().isEmpty())) {
                throw new EnvelopeException(EnvelopeException.Reason.UNKNOWN_RECIPIENT);
            }
            List<LiveDevice> expected = self ? otherOwnDevices : recipient.devices();
            DeviceListMismatch mismatch = DeviceListCheck.compare(entry.getKey(), entry.getValue(), expected);
            if (mismatch != null) {
                mismatches.add(mismatch);
            }
        }
        if (!mismatches.isEmpty()) {
            throw EnvelopeException.staleDeviceList(mismatches);
        }
        return recipients;
    }
}
