import { Router } from "express";
import Joi from "joi";
import {
  AppError,
  createEventKeyEngine,
  createTickBatcher,
  EVENT_KEY_INPUT_EXAMPLE,
  flushEventKeyCounts,
  getEventKeyStats,
  isDatabaseUnavailable,
  PLATFORMS,
  resolveEventKey,
  resolveEventKeys,
  type EventKeyInput,
  type EventKeyStats,
  type KeyInputRejection,
  type ResolvedEventKey,
} from "@full-sync/shared";
import type { RouteDeps } from "../gateway-deps";
import { defineOperation } from "../openapi/define-operation";
import { clearCacheResponse, generateBatchResponse, generateResponse, statsResponse } from "./event-keys.responses";

export const GENERATE_BATCH_MAX = 1000;

const id = Joi.alternatives().try(Joi.string().max(512), Joi.number());
// The engine is the judge of validity (KEY_001 with its reason); this schema documents the fields and refuses
// what is not even the right shape.
const eventKeyInput = Joi.object({
  platform: Joi.string().description(`One of ${PLATFORMS.join(", ")}`).required(),
  campaignId: id.required(),
  eventType: Joi.string().max(128).required().description("email_sent, emailsOpened, EMAIL_OPEN, ... (normalised)"),
  email: Joi.string().max(320).required(),
  activityId: id.allow(null),
  timestamp: Joi.alternatives().try(Joi.string().max(64), Joi.number()).allow(null).description("ISO 8601 (any offset) or epoch ms"),
  namespace: Joi.string().max(63).description('Defaults to "default"'),
})
  .label("EventKeyInput")
  .example(EVENT_KEY_INPUT_EXAMPLE);

function rejection(result: KeyInputRejection, index?: number) {
  return new AppError("KEY_001", "Invalid event key parameters", [
    { message: result.message, path: index === undefined ? String(result.field) : `events.${index}.${String(result.field)}`, reason: result.reason, field: result.field },
  ]);
}

const keyView = (result: ResolvedEventKey) => ({
  event_key: result.key,
  collision_detected: result.collisionDetected,
  duplicate: result.duplicate,
  fallback_used: result.fallbackUsed,
  fingerprint: result.fingerprint,
  mixpanel_insert_id: result.mixpanelInsertId,
});

/** A failure inside resolution is KEY_002 (retry); an unreachable database stays DB_001 for the error middleware. */
async function generating<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError || isDatabaseUnavailable(error)) throw error;
    throw new AppError("KEY_002", "Key generation failed; retry the request", [], { cause: error });
  }
}

/** One engine (and cache) per gateway instance; counts are flushed to the shared totals after every request. */
export function createEventKeysRouter(deps: RouteDeps): Router {
  const router = Router();
  const engine = createEventKeyEngine({ cacheSize: deps.config.eventKeyCacheSize });
  const tags = ["Event Keys"];
  const flush = () => flushEventKeyCounts({ pool: deps.pool, engine, instance: deps.instanceId });
  const stats = () => getEventKeyStats({ pool: deps.pool, cacheSize: engine.cacheSize });
  // Stats requests of one event-loop turn share one flush and one read: each batch starts after its requests
  // arrived, so every answer still counts what was generated before it was asked.
  const sharedStats = createTickBatcher<null, EventKeyStats>({
    run: async (requests) => {
      await flush();
      const totals = await stats();
      return requests.map(() => totals);
    },
  });

  defineOperation<EventKeyInput>(router, deps.registerOperation, {
    method: "post",
    path: "/generate",
    summary: "Generate the deterministic key of one event (collisions resolved against the stored events)",
    tags,
    scope: "sync:write",
    rateLimit: "event_key_generate",
    body: eventKeyInput,
    invalidCode: "KEY_001",
    errorCodes: ["KEY_001", "KEY_002"],
    response: generateResponse,
    handler: async ({ body }) => {
      const result = await generating(() => resolveEventKey({ pool: deps.pool, engine, input: body }));
      await flush();
      if (!result.ok) throw rejection(result);
      const totals = await stats();
      return {
        success: true,
        ...keyView(result),
        generation_stats: { total_generated: totals.total_generated, cache_size: totals.cache_size, collision_rate: totals.collision_rate },
      };
    },
  });

  defineOperation<{ events: EventKeyInput[] }>(router, deps.registerOperation, {
    method: "post",
    path: "/generate-batch",
    summary: `Generate keys for up to ${GENERATE_BATCH_MAX} events: one result per input, in order, invalid ones reported in place`,
    tags,
    scope: "sync:write",
    rateLimit: "event_key_generate",
    // Items are checked by the engine, so one bad item is reported in place rather than failing the batch.
    body: Joi.object({ events: Joi.array().items(Joi.object().unknown(true)).min(1).max(GENERATE_BATCH_MAX).required() }),
    invalidCode: "KEY_001",
    errorCodes: ["KEY_001", "KEY_002"],
    response: generateBatchResponse,
    handler: async ({ body }) => {
      const results = await generating(() => resolveEventKeys({ pool: deps.pool, engine, inputs: body.events }));
      await flush();
      const items = results.map((result, index) =>
        result.ok ? { index, success: true, ...keyView(result) } : { index, success: false, error: rejection(result, index).toBody().error },
      );
      return {
        success: true,
        results: items,
        summary: {
          total: items.length,
          generated: items.filter((i) => i.success).length,
          invalid: items.filter((i) => !i.success).length,
          collisions: results.filter((r) => r.ok && r.collisionDetected).length,
        },
      };
    },
  });

  defineOperation(router, deps.registerOperation, {
    method: "get",
    path: "/stats",
    summary: "Key generation totals across every gateway instance; cache_size is this instance's",
    tags,
    scope: "sync:read",
    rateLimit: "status_stats",
    response: statsResponse,
    handler: async () => {
      return { success: true, stats: await sharedStats.submit(null), instance: deps.instanceId, cache_size_scope: "instance" };
    },
  });

  defineOperation(router, deps.registerOperation, {
    method: "post",
    path: "/clear-cache",
    summary: "Empty this instance's key cache (collision checks still consult the database)",
    tags,
    scope: "sync:write",
    response: clearCacheResponse,
    handler: () => ({ success: true, message: "Event key cache cleared", previous_cache_size: engine.clearCache(), instance: deps.instanceId }),
  });
  return router;
}
