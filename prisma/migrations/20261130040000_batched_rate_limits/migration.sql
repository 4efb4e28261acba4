-- Gateway hot path: the rate-limit consumptions of many concurrent requests in one statement (the gateway
-- coalesces the requests of one event-loop tick), instead of one statement and one commit per request.

-- Element i of the arrays is one request: the same rules as consume_rate_limit, applied in order, so a
-- (key, group) that appears twice in a batch is counted twice, exactly as two calls would be. Elements are
-- processed sorted by window key (then by position), so two batches (or a batch and a single call, which
-- holds one key's rows only) always lock rows in the same order and cannot deadlock.
CREATE FUNCTION consume_rate_limits(p_window_keys text[], p_slice_keys text[], p_window_ms bigint[], p_slice_ms bigint[], p_limits integer[], p_bursts integer[])
RETURNS TABLE (idx integer, admitted boolean, window_hits integer, window_reset_at timestamptz, slice_hits integer, slice_reset_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT u.i::integer AS i, u.w, u.s, u.wms, u.sms, u.l, u.b
      FROM unnest(p_window_keys, p_slice_keys, p_window_ms, p_slice_ms, p_limits, p_bursts) WITH ORDINALITY AS u(w, s, wms, sms, l, b, i)
     ORDER BY u.w COLLATE "C", u.i
  LOOP
    RETURN QUERY SELECT r.i, c.* FROM consume_rate_limit(r.w, r.s, r.wms, r.sms, r.l, r.b) AS c;
  END LOOP;
END
$$;
