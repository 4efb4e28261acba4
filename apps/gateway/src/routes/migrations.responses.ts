import Joi from "joi";

/** Response bodies of /api/migrations, as the handlers send them. */
const seconds = Joi.string().pattern(/^\d+(\.\d+)?s$/);
const names = Joi.array().items(Joi.string());

export const migrationStatusResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  available_migrations: names.required(),
  applied_migrations: names.required(),
  pending_migrations: names.required(),
  drift: Joi.array()
    .items(Joi.object({ migration: Joi.string().required(), applied_checksum: Joi.string().required(), file_checksum: Joi.string().required() }))
    .required()
    .description("Applied migrations whose file changed since"),
  unknown_migrations: names.required().description("Applied migrations with no file"),
})
  .label("MigrationStatus")
  .example({
    success: true,
    available_migrations: ["001_initial_schema", "002_sync_optimizations", "003_event_key_indexes", "004_performance_tuning"],
    applied_migrations: ["001_initial_schema", "002_sync_optimizations", "003_event_key_indexes"],
    pending_migrations: ["004_performance_tuning"],
    drift: [],
    unknown_migrations: [],
  });

const migrationDetail = Joi.object({
  migration: Joi.string().required(),
  status: Joi.string().valid("success", "failed", "dry_run").required(),
  execution_time: seconds.required(),
  transactional: Joi.boolean().required(),
  error: Joi.string(),
  note: Joi.string(),
}).label("MigrationRunDetail");

export const migrationRunResponse = Joi.object({
  success: Joi.boolean().required().description("false when a migration failed (it is under failed, its error in details)"),
  applied: names.required(),
  failed: names.required(),
  dry_run: Joi.boolean().required(),
  execution_time: seconds.required(),
  details: Joi.array().items(migrationDetail).required(),
})
  .label("MigrationRun")
  .example({
    success: true,
    applied: ["004_performance_tuning"],
    failed: [],
    dry_run: false,
    execution_time: "2.3s",
    details: [{ migration: "004_performance_tuning", status: "success", execution_time: "2.3s", transactional: true }],
  });

export const migrationRollbackResponse = Joi.object({
  success: Joi.boolean().valid(true).required(),
  rolled_back: Joi.string().required(),
  dry_run: Joi.boolean().required(),
  transactional: Joi.boolean().required(),
  execution_time: seconds.required(),
  note: Joi.string(),
})
  .label("MigrationRollback")
  .example({ success: true, rolled_back: "004_performance_tuning", dry_run: false, transactional: true, execution_time: "1.8s" });
