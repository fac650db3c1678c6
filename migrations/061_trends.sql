-- Organisers' trends (src/console/insights): one row per handled message, with what it was about and
-- the worker's corridor and language, never what they wrote. worker_key is a keyed digest made only
-- for counting distinct workers; /forget deletes the worker's rows by it.
CREATE TABLE trend_events (
  id bigserial PRIMARY KEY,
  week text COLLATE "C" NOT NULL,
  outcome text NOT NULL,
  topic text,
  origin text,
  destination text,
  language text NOT NULL,
  channel text NOT NULL,
  worker_key text NOT NULL
);
-- trendCounts: a range of weeks (the console's date filter), then language or corridor
CREATE INDEX trend_events_week ON trend_events (week, language);
CREATE INDEX trend_events_corridor ON trend_events (origin, destination, week);
-- forgetWorker
CREATE INDEX trend_events_worker ON trend_events (worker_key);
