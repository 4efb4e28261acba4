/**
 * A task with its job's request, its namespace and its (namespace, platform) watermark, as a runner (claiming it)
 * and a helper (reading it) both see it; callers add the WHERE clause. `attempts` is the task's attempt count.
 */
export const SYNC_TASK_VIEW_SQL = `
SELECT t.id, t.job_id, t.namespace_id, n.name AS namespace, t.platform, t.status, t.checkpoint, t.window_start, t.window_end,
       t.attempts, j.sync_mode, j.start_date, j.end_date, j.batch_size, j.cancel_requested_at, s.watermark, now() AS now,
       (j.options->>'enableMixpanelTracking' = 'true' OR j.options->>'enableAttioSync' = 'true'
        OR n.settings->'mixpanel'->>'exportAllEvents' = 'true'
        OR n.settings->'attio'->>'exportAllPeople' = 'true') IS TRUE AS fan_out
  FROM sync_tasks t
  JOIN sync_jobs j ON j.id = t.job_id
  JOIN namespaces n ON n.id = t.namespace_id
  LEFT JOIN sync_states s ON s.namespace_id = t.namespace_id AND s.platform = t.platform`;
