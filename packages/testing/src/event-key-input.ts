import { EVENT_KEY_INPUT_EXAMPLE, type EventKeyInput } from "@full-sync/shared";

/**
 * The contract's example event, valid in every field, with the given fields replaced: tests change one field
 * at a time from a known good input.
 */
export function eventKeyInput(overrides: Partial<Record<keyof EventKeyInput, unknown>> = {}): EventKeyInput {
  return { ...EVENT_KEY_INPUT_EXAMPLE, ...overrides };
}
