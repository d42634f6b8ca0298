-- SPDX-License-Identifier: AGPL-3.0-only
-- Attachments: blobs the clients encrypted end to end, sealed once more under the epoch key of the epoch they
-- arrived in (format of org.palisade.gateway.epochs.EpochCipher, kind "attachment", the id as context). The id
-- is a random capability the clients pass inside their encrypted messages; no uploader or recipient is stored.
-- size is the uploaded (client ciphertext) length. Rows of an epoch whose retention has passed are deleted.
create table attachments (
    id      uuid primary key,
    epoch   bigint not null check (epoch >= 0),
    size    bigint not null check (size > 0),
    sealed  bytea not null,
    created timestamptz not null
);

create index attachments_epoch on attachments (epoch);
