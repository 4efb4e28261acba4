DROP TRIGGER IF EXISTS api_keys_changed_on_delete ON api_keys;
DROP TRIGGER IF EXISTS api_keys_changed_on_update ON api_keys;
DROP FUNCTION IF EXISTS notify_api_key_changed();
DROP FUNCTION IF EXISTS consume_rate_limit(text, text, bigint, bigint, integer, integer);
