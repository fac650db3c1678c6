-- The bot's store: one row per worker session, ticket, outbox item, message key and unanswered
-- question. Documents are kept whole in jsonb; the columns beside them are what queries filter on.

CREATE TABLE sessions (
  ref text PRIMARY KEY,
  doc jsonb NOT NULL,
  open_ticket text,
  updated_at timestamptz NOT NULL
);
-- retention: idle sessions
CREATE INDEX sessions_updated_at ON sessions (updated_at);

CREATE TABLE tickets (
  id text COLLATE "C" PRIMARY KEY,
  worker_ref text NOT NULL,
  status text NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  closed_at timestamptz,
  doc jsonb NOT NULL
);
-- listTickets(): all, oldest first
CREATE INDEX tickets_created ON tickets (created_at, id);
-- listTickets({ status }): open tickets for the desk
CREATE INDEX tickets_status_created ON tickets (status, created_at, id);
-- listTickets({ workerRef }), deleteTicketsOf, forgetWorker
CREATE INDEX tickets_worker ON tickets (worker_ref);
-- retention: closed tickets
CREATE INDEX tickets_closed_at ON tickets (closed_at) WHERE status = 'closed';

CREATE TABLE outbox (
  id text COLLATE "C" PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  last_error text,
  owner text
);
-- due(now): items whose time has come, oldest first
CREATE INDEX outbox_due ON outbox (next_attempt_at);
CREATE INDEX outbox_order ON outbox (created_at, id);
-- forgetWorker
CREATE INDEX outbox_owner ON outbox (owner) WHERE owner IS NOT NULL;

CREATE TABLE seen_keys (
  key text PRIMARY KEY,
  owner text,
  seen_at timestamptz NOT NULL DEFAULT now()
);
-- expiry
CREATE INDEX seen_keys_seen_at ON seen_keys (seen_at);
-- forgetWorker
CREATE INDEX seen_keys_owner ON seen_keys (owner) WHERE owner IS NOT NULL;

CREATE TABLE unanswered (
  id bigserial PRIMARY KEY,
  worker_ref text,
  at timestamptz NOT NULL,
  doc jsonb NOT NULL
);
-- forgetWorker
CREATE INDEX unanswered_worker ON unanswered (worker_ref) WHERE worker_ref IS NOT NULL;
-- retention
CREATE INDEX unanswered_at ON unanswered (at);
