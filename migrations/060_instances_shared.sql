-- Many instances (src/instances/postgres.ts): an outbox item is claimed by one instance with a lease
-- token. Every later write about that delivery (extending the lease while it is in flight, marking it
-- done, scheduling a retry) names the token, so an instance whose lease was taken over can no longer
-- touch the item: another instance delivering the same item is fenced out, never doubled.
ALTER TABLE outbox ADD COLUMN claimed_by text;
ALTER TABLE outbox ADD COLUMN lease text;

-- Inbound events a platform was told were received (acknowledged) before they were handled, e.g. a
-- WhatsApp Cloud API webhook: the row is written before the 200, so an instance killed after the
-- acknowledgement loses nothing — another instance claims the row once its lease ends. The key is a
-- digest (a WhatsApp message id encodes the phone number); a row is deleted once handled.
CREATE TABLE inbox (
  key text PRIMARY KEY,
  source text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  claimed_by text,
  lease text
);
-- claiming rows whose lease ended (their instance died), oldest first
CREATE INDEX inbox_due ON inbox (next_attempt_at);

-- Small per-worker state of a channel adapter that every instance must see (WhatsApp Cloud: the
-- reference → phone number map needed to send, and the 24-hour window), instead of per-instance files.
-- `ref` is the worker's pseudonymous reference; /forget deletes the rows.
CREATE TABLE channel_state (
  kind text NOT NULL,
  ref text NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (kind, ref)
);
