-- findTicketByDesk(key, value): the ticket of a Slack thread (a staff reply) without reading every
-- ticket. One GIN index over each ticket's desk data answers `doc->'desk' @> '{"key": "value"}'`
-- for any key the desks use.
CREATE INDEX tickets_desk ON tickets USING gin ((doc -> 'desk') jsonb_path_ops);

-- Store metadata shared by every instance (claimMeta), e.g. the fingerprint of PSEUDONYM_SECRET:
-- instances with a different secret would split each worker in two, so they refuse to start.
CREATE TABLE store_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
