import { AsyncLocalStorage } from "node:async_hooks";

/** Context every log line carries: a request id in the gateway, queue and job id in the worker. */
export type LogContext = Record<string, string | number | undefined>;

const storage = new AsyncLocalStorage<LogContext>();

export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  const parent = storage.getStore();
  return storage.run(parent ? { ...parent, ...context } : context, fn);
}

export function getLogContext(): LogContext | undefined {
  return storage.getStore();
}
