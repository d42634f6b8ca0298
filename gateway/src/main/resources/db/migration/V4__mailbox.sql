-- SPDX-License-Identifier: AGPL-3.0-only
-- Envelopes waiting for their recipient device to acknowledge them. Nothing here names a person: recipient is
-- the device's routing hash (HMAC under the HSM-wrapped routing key) and sealed is the Kafka record's value,
-- encrypted under the epoch's data key, routing data included. seq orders one device's envelopes as Kafka
-- delivered them (one partition per device); an acknowledged envelope's row is deleted.
create table mailbox (
    seq         bigserial primary key,
    envelope_id uuid not null unique,
    recipient   bytea not null check (octet_length(recipient) = 32),
    epoch       bigint not null,
    sealed      bytea not null
);
create index mailbox_by_recipient on mailbox (recipient, seq);
create index mailbox_by_epoch on mailbox (epoch);
