import Joi from "joi";
import { ERROR_CODES } from "@full-sync/shared";

const count = () => Joi.number().integer().min(0);

/** The fields every generated key reports. */
const keyFields = {
  event_key: Joi.string().required().example("lemlist_campaign123_emailsent_activity456_a1b2c3d4"),
  collision_detected: Joi.boolean().required(),
  duplicate: Joi.boolean().description("The same event was keyed before (same fingerprint)"),
  fallback_used: Joi.boolean().description("No activity id: the timestamp stands in"),
  fingerprint: Joi.string().description("SHA-256 of the canonical input"),
  mixpanel_insert_id: Joi.string(),
};

/** Response bodies of /api/event-keys, as the handlers send them (a test checks real bodies against these). */
export const generateResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  ...keyFields,
  generation_stats: Joi.object({ total_generated: count(), cache_size: count(), collision_rate: Joi.string() }),
})
  .label("GenerateEventKeyResponse")
  .example({
    success: true,
    event_key: "lemlist_campaign123_emailsent_activity456_a1b2c3d4",
    collision_detected: false,
    generation_stats: { total_generated: 1, cache_size: 1, collision_rate: "0%" },
  });

const itemError = Joi.object({
  code: Joi.string().valid(...Object.keys(ERROR_CODES)),
  message: Joi.string(),
  details: Joi.array().items(Joi.object().unknown(true)),
});

export const generateBatchResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  results: Joi.array()
    .items(Joi.object({ index: count().required(), success: Joi.boolean().required(), ...keyFields, event_key: Joi.string(), collision_detected: Joi.boolean(), error: itemError }))
    .required()
    .description("One result per input, in order"),
  summary: Joi.object({ total: count(), generated: count(), invalid: count(), collisions: count() }).required(),
}).label("GenerateEventKeyBatchResponse");

export const statsResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  stats: Joi.object({
    total_generated: count(),
    collisions_detected: count(),
    fallback_used: count(),
    invalid_inputs: count(),
    duplicates_detected: count(),
    cache_size: count().description("This instance's cache"),
    collision_rate: Joi.string(),
    generation_rate: Joi.string(),
  }).required(),
  instance: Joi.string(),
  cache_size_scope: Joi.string().valid("instance"),
})
  .label("EventKeyStatsResponse")
  .example({
    success: true,
    stats: {
      total_generated: 156789,
      collisions_detected: 234,
      fallback_used: 12,
      invalid_inputs: 3,
      cache_size: 1000,
      collision_rate: "0.15%",
      generation_rate: "0 keys/sec",
    },
  });

export const clearCacheResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  message: Joi.string().required(),
  previous_cache_size: count().required(),
  instance: Joi.string(),
})
  .label("ClearEventKeyCacheResponse")
  .example({ success: true, message: "Event key cache cleared", previous_cache_size: 1000 });
