-- SPDX-License-Identifier: AGPL-3.0-only
-- Revocation: each registration keeps the serial number of the certificate it was last issued, so the
-- published revocation list needs no certificate parsing. Rows from before this migration have none; the
-- gateway reads the serial from their stored certificate instead.
alter table devices add column certificate_serial text;

-- The revocation list reads revoked rows only.
create index devices_revoked on devices (revoked_at) where revoked_at is not null;
