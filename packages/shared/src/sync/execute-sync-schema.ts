import Joi from "joi";
import { safeName } from "../validation/text-rules";
import { PLATFORMS, type Platform } from "../events/canonical-event";
import { BATCH_SIZE, SYNC_MODES, type SyncMode } from "./sync-constants";

export interface ExecuteSyncInput {
  platforms: Platform[];
  syncMode: SyncMode;
  namespaces: string[];
  startDate?: Date;
  endDate?: Date;
  batchSize: number;
  enableProgressTracking: boolean;
  enableMixpanelTracking: boolean;
  enableAttioSync: boolean;
  webhookUrl?: string;
}

// "smartlead,lemlist" and ["smartlead", "lemlist"] are the same request.
const commaList = (items: Joi.StringSchema) =>
  Joi.alternatives()
    .try(Joi.array().items(items).min(1).unique(), Joi.string().trim().min(1))
    .custom((value: unknown, helpers) => {
      const list = Array.isArray(value) ? value : String(value).split(",").map((s) => s.trim()).filter(Boolean);
      const { error, value: checked } = Joi.array().items(items).min(1).unique().validate(list);
      if (error) return helpers.message({ custom: error.message.replace(/"\[\d+\]"/, "item") });
      return checked;
    });

// raw(): joi would turn "2024-12-31" into midnight, losing that a date-only end means the whole day.
// Documented as what it accepts: the contract's "2024-01-01" as well as full ISO 8601 instants.
const dateOnlyOrIso = (which: "start" | "end") =>
  Joi.string()
    .isoDate()
    .raw()
    .meta({
      swaggerOverride: true,
      swagger: {
        type: "string",
        pattern: "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?$",
        description:
          which === "start"
            ? "ISO 8601 date (2024-01-01: the start of that day, UTC) or date-time. Required for date_range."
            : "ISO 8601 date (2024-12-31: that whole day, UTC) or date-time. Required for date_range; not before startDate.",
        example: which === "start" ? "2024-01-01" : "2024-12-31",
      },
    });

export const executeSyncSchema = Joi.object({
  platforms: commaList(Joi.string().lowercase().valid(...PLATFORMS)).required().description(PLATFORMS.join(", ")),
  syncMode: Joi.string().valid(...SYNC_MODES).required(),
  namespaces: commaList(Joi.string().trim().pattern(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/)).default(["default"]),
  startDate: dateOnlyOrIso("start").when("syncMode", { is: "date_range", then: Joi.required() }),
  endDate: dateOnlyOrIso("end").when("syncMode", { is: "date_range", then: Joi.required() }),
  batchSize: Joi.number().integer().min(BATCH_SIZE.min).max(BATCH_SIZE.max).default(BATCH_SIZE.default),
  enableProgressTracking: Joi.boolean().default(true),
  enableMixpanelTracking: Joi.boolean().default(false),
  enableAttioSync: Joi.boolean().default(false),
  webhookUrl: Joi.string().custom(safeName).uri({ scheme: ["http", "https"] }).max(2048).meta({ swagger: { format: "uri" } }),
})
  .custom((value: Record<string, unknown>, helpers) => {
    if (value.startDate && value.endDate && toStartDate(value.startDate) > toEndDate(value.endDate)) {
      return helpers.message({ custom: '"startDate" must not be after "endDate"' });
    }
    return value;
  })
  .options({ stripUnknown: false })
  .example({
    platforms: "smartlead,lemlist",
    syncMode: "full_historical",
    namespaces: "production,staging",
    startDate: "2024-01-01",
    endDate: "2024-12-31",
    batchSize: 100,
    enableProgressTracking: true,
    enableMixpanelTracking: true,
    enableAttioSync: true,
    webhookUrl: "https://your-app.com/webhooks/sync-complete",
  });

/** "2024-01-01" means the start of that day (UTC). */
export function toStartDate(value: unknown): Date {
  return new Date(value instanceof Date ? value.getTime() : String(value));
}

/** A date-only end ("2024-12-31") includes that whole day (UTC). */
export function toEndDate(value: unknown): Date {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T23:59:59.999Z`);
  return new Date(value instanceof Date ? value.getTime() : String(value));
}
