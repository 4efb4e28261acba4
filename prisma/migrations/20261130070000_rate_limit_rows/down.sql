-- Back to two rows per (group, client) and the functions that counted them; each row splits into its two counters.
CREATE TABLE "rate_limit_counters" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "reset_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("key")
);

INSERT INTO "rate_limit_counters" ("key", "hits", "reset_at")
SELECT "key" || ':window', "window_hits", "window_reset_at" FROM "rate_limits"
UNION ALL
SELECT "key" || ':burst', "burst_hits", "burst_reset_at" FROM "rate_limits";

DROP TABLE "rate_limits";

CREATE FUNCTION consume_rate_limit(p_window_key text, p_slice_key text, p_window_ms bigint, p_slice_ms bigint, p_limit integer, p_burst integer)
RETURNS TABLE (admitted boolean, window_hits integer, window_reset_at timestamptz, slice_hits integer, slice_reset_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  w_hits integer; w_reset timestamptz; s_hits integer; s_reset timestamptz; ok boolean;
BEGIN
  INSERT INTO rate_limit_counters AS c (key, hits, reset_at) VALUES (p_window_key, 0, now() + p_window_ms * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN c.reset_at <= now() THEN 0 ELSE c.hits END,
    reset_at = CASE WHEN c.reset_at <= now() THEN EXCLUDED.reset_at ELSE c.reset_at END
  RETURNING c.hits, c.reset_at INTO w_hits, w_reset;
  INSERT INTO rate_limit_counters AS c (key, hits, reset_at) VALUES (p_slice_key, 0, now() + p_slice_ms * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN c.reset_at <= now() THEN 0 ELSE c.hits END,
    reset_at = CASE WHEN c.reset_at <= now() THEN EXCLUDED.reset_at ELSE c.reset_at END
  RETURNING c.hits, c.reset_at INTO s_hits, s_reset;
  ok := w_hits < p_limit AND s_hits < p_burst;
  IF ok THEN
    UPDATE rate_limit_counters SET hits = hits + 1 WHERE key IN (p_window_key, p_slice_key);
    w_hits := w_hits + 1;
    s_hits := s_hits + 1;
  END IF;
  RETURN QUERY SELECT ok, w_hits, w_reset, s_hits, s_reset;
END
$$;

CREATE FUNCTION consume_rate_limits(p_window_keys text[], p_slice_keys text[], p_window_ms bigint[], p_slice_ms bigint[], p_limits integer[], p_bursts integer[])
RETURNS TABLE (idx integer, admitted boolean, window_hits integer, window_reset_at timestamptz, slice_hits integer, slice_reset_at timestamptz)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_keys text[]; v_hits integer[]; v_resets timestamptz[];
  k_w text[]; k_s text[]; k_take integer[]; k_wh integer[]; k_wr timestamptz[]; k_sh integer[]; k_sr timestamptz[];
BEGIN
  IF EXISTS (
    SELECT 1 FROM unnest(p_window_keys, p_slice_keys, p_window_ms, p_slice_ms, p_limits, p_bursts) AS u(w, s, wms, sms, l, b)
     GROUP BY w HAVING count(DISTINCT (s, wms, sms, l, b)) > 1
  ) THEN
    RAISE EXCEPTION 'consume_rate_limits: one key with two policies in one batch';
  END IF;

  -- 1. Create or roll every counter of the batch, locking them in order; keep their state after the roll.
  WITH up AS (
    INSERT INTO rate_limit_counters AS c (key, hits, reset_at)
    SELECT k.key, 0, now() + k.ms * interval '1 millisecond'
      FROM (SELECT DISTINCT ON (w) w, s, wms, sms FROM unnest(p_window_keys, p_slice_keys, p_window_ms, p_slice_ms) AS u(w, s, wms, sms) ORDER BY w) AS d
      CROSS JOIN LATERAL (VALUES (d.w, d.wms, 0), (d.s, d.sms, 1)) AS k(key, ms, kind)
     ORDER BY d.w COLLATE "C", k.kind
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN c.reset_at <= now() THEN 0 ELSE c.hits END,
      reset_at = CASE WHEN c.reset_at <= now() THEN EXCLUDED.reset_at ELSE c.reset_at END
    RETURNING c.key, c.hits, c.reset_at
  )
  SELECT array_agg(up.key), array_agg(up.hits), array_agg(up.reset_at) INTO v_keys, v_hits, v_resets FROM up;

  -- 2. Per key (from those arrays, not the table): how many of its n requests fit in both counters.
  WITH st AS (SELECT * FROM unnest(v_keys, v_hits, v_resets) AS t(key, hits, reset_at)),
  per_key AS (
    SELECT u.w, min(u.s) AS s, min(u.l) AS l, min(u.b) AS b, count(*)::integer AS n
      FROM unnest(p_window_keys, p_slice_keys, p_limits, p_bursts) AS u(w, s, l, b) GROUP BY u.w
  )
  SELECT array_agg(p.w), array_agg(p.s), array_agg(GREATEST(0, LEAST(p.n, p.l - ws.hits, p.b - ss.hits))),
         array_agg(ws.hits), array_agg(ws.reset_at), array_agg(ss.hits), array_agg(ss.reset_at)
    INTO k_w, k_s, k_take, k_wh, k_wr, k_sh, k_sr
    FROM per_key p JOIN st ws ON ws.key = p.w JOIN st ss ON ss.key = p.s;

  -- 3. Count the admitted requests in both counters of each key (rows found by the primary key).
  UPDATE rate_limit_counters c
     SET hits = c.hits + (k_take || k_take)[array_position(k_w || k_s, c.key)]
   WHERE c.key = ANY(k_w || k_s) AND (k_take || k_take)[array_position(k_w || k_s, c.key)] > 0;

  -- 4. Each request's decision, in the order asked: the first `take` of a key's requests are admitted.
  RETURN QUERY
  WITH req AS (
    SELECT u.i::integer AS i, u.w, row_number() OVER (PARTITION BY u.w ORDER BY u.i)::integer AS pos
      FROM unnest(p_window_keys) WITH ORDINALITY AS u(w, i)
  ), k AS (
    SELECT * FROM unnest(k_w, k_take, k_wh, k_wr, k_sh, k_sr) AS t(w, take, wh, wr, sh, sr)
  )
  SELECT r.i, r.pos <= k.take, k.wh + LEAST(r.pos, k.take), k.wr, k.sh + LEAST(r.pos, k.take), k.sr
    FROM req r JOIN k ON k.w = r.w
   ORDER BY r.i;
END
$$;
