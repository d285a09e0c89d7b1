-- The KPI subset as a user would write it over deskpulse's own state tables, weekly
-- (ISO weeks, UTC) per queue. Runs unchanged on SQLite 3.40 and PostgreSQL 15.
-- Week number: Monday-based weeks since the epoch, (t + 3 days) / 7 days.
WITH removed AS (
  SELECT id FROM tickets WHERE status IN ('merged', 'deleted')
  UNION
  SELECT ticket FROM ticket_events
  WHERE type IN ('merged', 'deleted') OR (type = 'status_change' AND to_value IN ('merged', 'deleted'))
),
first_reply AS (
  SELECT ticket, min(at) AS at FROM ticket_events
  WHERE type = 'agent_reply' AND public = 1 GROUP BY ticket
),
frt AS (
  SELECT CASE WHEN t.queue = '' THEN '(none)' ELSE t.queue END AS q,
         (f.at + 259200) / 604800 AS wk,
         CASE WHEN f.at > t.created_at THEN f.at - t.created_at ELSE 0 END AS s
  FROM tickets t JOIN first_reply f ON f.ticket = t.id
  WHERE t.id NOT IN (SELECT id FROM removed)
),
ranked AS (
  SELECT q, wk, s, row_number() OVER (PARTITION BY q, wk ORDER BY s) - 1 AS r,
         count(*) OVER (PARTITION BY q, wk) AS n
  FROM frt
),
calls_in AS (
  SELECT CASE WHEN queue = '' THEN '(none)' ELSE queue END AS q,
         (offered_at + 259200) / 604800 AS wk, outcome, wait_s, talk_s + hold_s + wrap_s AS handle,
         CASE WHEN outcome <> 'blocked' AND (answered_at IS NOT NULL OR outcome = 'answered')
              THEN 1 ELSE 0 END AS ans
  FROM calls WHERE direction = 'inbound'
)
SELECT 'frt' AS kpi, q, wk, n, avg(s) AS mean,
       (min(CASE WHEN r = (n - 1) / 2 THEN s END) + min(CASE WHEN r = n / 2 THEN s END)) / 2.0 AS median,
       0 AS offered, 0 AS answered, 0 AS in_sl, 0 AS abandoned, 0 AS blocked, 0 AS wait_sum, 0 AS handle_sum
FROM ranked GROUP BY q, wk, n
UNION ALL
SELECT 'calls', q, wk, count(*), 0, 0,
       sum(CASE WHEN outcome <> 'blocked' THEN 1 ELSE 0 END),
       sum(ans),
       sum(CASE WHEN ans = 1 AND wait_s <= 20 THEN 1 ELSE 0 END),
       sum(CASE WHEN ans = 0 AND outcome IN ('abandoned', 'timeout') THEN 1 ELSE 0 END),
       sum(CASE WHEN outcome = 'blocked' THEN 1 ELSE 0 END),
       sum(CASE WHEN ans = 1 THEN wait_s ELSE 0 END),
       sum(CASE WHEN ans = 1 THEN handle ELSE 0 END)
FROM calls_in GROUP BY q, wk
ORDER BY 1, 2, 3;
