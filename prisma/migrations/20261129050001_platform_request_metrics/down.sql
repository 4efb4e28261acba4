DROP TABLE IF EXISTS "platform_rate_limit_waits";
DROP TABLE IF EXISTS "platform_request_counts";
