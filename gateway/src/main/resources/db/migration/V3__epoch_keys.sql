-- SPDX-License-Identifier: AGPL-3.0-only
-- Data keys, each encrypted (wrapped) by a storage-kek version in the HSM; never stored in the clear.
-- One key per retention epoch encrypts what the gateway streams and stores in that epoch (Kafka records,
-- mailbox rows, attachments). wrapped_dek becomes null when the epoch's retention has passed: without it the
-- epoch's data, wherever copies of it lie, cannot be read again.
create table epoch_keys (
    epoch       bigint primary key check (epoch >= 0),
    wrapped_dek bytea,
    created     timestamptz not null,
    destroyed   timestamptz
);

-- The key of the keyed hash that stands in for a recipient device wherever data is routed (Kafka record keys,
-- mailbox rows), so no user or device id appears there. One row, kept for the life of the deployment.
create table routing_keys (
    id          smallint primary key check (id = 1),
    wrapped_key bytea not null,
    created     timestamptz not null
);
