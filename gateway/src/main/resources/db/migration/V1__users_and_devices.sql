-- SPDX-License-Identifier: AGPL-3.0-only
-- The device directory: staff (provisioned from SSO tokens on first use), their devices, and the public keys
-- those devices publish. Nothing here is secret: private keys never leave the devices.

create table users (
    id           uuid primary key,                 -- the token's subject
    username     text not null,
    display_name text,
    created      timestamptz not null
);

-- A row per registration; a revoked row is kept (its certificate belongs on the revocation list) and the
-- device id may then be registered again, so only one live row per (user, device id).
create table devices (
    id              bigserial primary key,
    user_id         uuid not null references users (id),
    device_id       smallint not null check (device_id between 1 and 127),
    registration_id integer not null check (registration_id between 1 and 16383),
    identity_key    bytea not null,
    certificate     bytea not null,
    created         timestamptz not null,
    revoked_at      timestamptz
);
create unique index devices_live on devices (user_id, device_id) where revoked_at is null;
create index devices_by_user on devices (user_id);

create table signed_prekeys (
    device     bigint primary key references devices (id) on delete cascade,
    key_id     integer not null,
    public_key bytea not null,
    signature  bytea not null
);

create table kyber_last_resort_prekeys (
    device     bigint primary key references devices (id) on delete cascade,
    key_id     integer not null,
    public_key bytea not null,
    signature  bytea not null
);

create table one_time_prekeys (
    device     bigint not null references devices (id) on delete cascade,
    key_id     integer not null,
    public_key bytea not null,
    primary key (device, key_id)
);

create table one_time_kyber_prekeys (
    device     bigint not null references devices (id) on delete cascade,
    key_id     integer not null,
    public_key bytea not null,
    signature  bytea not null,
    primary key (device, key_id)
);
