import type Joi from "joi";

/** Fails with joi's message when a real body strays from the response schema its operation documents (unknown keys included). */
export function expectDocumented(schema: Joi.Schema, body: unknown): void {
  const label = (schema.describe().flags as { label?: string } | undefined)?.label;
  expect({ label, error: schema.validate(body).error?.message ?? null }).toEqual({ label, error: null });
}
