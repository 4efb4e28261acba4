-- Gateway hot path: one round trip per rate-limited request, and key revocations pushed to every gateway.

-- Both counters of a (key, group) in one call: expired periods restart, then the request is counted in both
-- only if both have room (a refused request is not counted). Rows are locked window first, then burst, in
-- every caller, so concurrent calls cannot deadlock.
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

-- Gateways cache authenticated keys briefly; a change that can refuse a key (revocation, expiry, scopes,
-- namespaces, deletion) is announced on this channel, whoever makes it (REST, CLI, SQL).
CREATE FUNCTION notify_api_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('api_keys_changed', OLD.id::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_changed_on_update AFTER UPDATE ON api_keys FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
        OR OLD.scopes IS DISTINCT FROM NEW.scopes OR OLD.namespaces IS DISTINCT FROM NEW.namespaces
        OR OLD.key_hash IS DISTINCT FROM NEW.key_hash)
  EXECUTE FUNCTION notify_api_key_changed();

CREATE TRIGGER api_keys_changed_on_delete AFTER DELETE ON api_keys FOR EACH ROW
  EXECUTE FUNCTION notify_api_key_changed();
