-- Many instances (src/instances/postgres.ts): outbox items are claimed in the order they were
-- committed, only the oldest pending one per order key (one worker, one ticket) at a time.
ALTER TABLE outbox ADD COLUMN seq bigserial;
-- claimOutbox: the due items, oldest first
CREATE INDEX outbox_seq ON outbox (seq);
-- claimOutbox: is there an earlier item with the same order key?
CREATE INDEX outbox_order_key ON outbox ((coalesce(payload->>'orderKey', id)), seq);
