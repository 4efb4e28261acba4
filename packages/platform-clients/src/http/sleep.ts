/** Resolves after `ms`; with a signal, rejects with `onAbort()` as soon as it is aborted (or at once if it already is). */
export function sleep(ms: number, signal?: AbortSignal, onAbort: () => Error = () => new Error("aborted")): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(onAbort());
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", abort, { once: true });
  });
}
