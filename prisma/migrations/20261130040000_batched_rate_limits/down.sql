DROP FUNCTION IF EXISTS consume_rate_limits(text[], text[], bigint[], bigint[], integer[], integer[]);
