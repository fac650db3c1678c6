-- The console (src/console/store-postgres.ts): accounts, sign-in sessions, invitations and the audit
-- log. Nothing about workers. Session ids and invitation tokens are kept only as SHA-256 hashes.
CREATE TABLE console_accounts (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('editor', 'staff', 'organiser', 'admin')),
  password_hash text,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE console_sessions (
  id_hash text PRIMARY KEY,
  account_id text NOT NULL REFERENCES console_accounts (id) ON DELETE CASCADE,
  csrf text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX console_sessions_account ON console_sessions (account_id);

CREATE TABLE console_invitations (
  token_hash text PRIMARY KEY,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('editor', 'staff', 'organiser', 'admin')),
  invited_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE console_audit (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);
