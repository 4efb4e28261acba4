/** The parts of a status response the progress line shows. */
export interface ProgressSnapshot {
  status: string;
  progress: { percentage: number; processed_items: number; total_items: number; total_is_estimate?: boolean; current_stage: string; eta_minutes: number | null; eta_seconds?: number | null };
  summary: { events_created: number; users_processed: number; errors: number; duration_ms: number };
}

const WIDTH = 28;
const number = (n: number) => n.toLocaleString("en-US");

/** Seconds while under two minutes (a short sync is not "1 min"), whole minutes beyond. */
function formatEta({ eta_minutes, eta_seconds }: ProgressSnapshot["progress"]): string {
  if (typeof eta_seconds === "number") return eta_seconds < 120 ? `  ETA ${eta_seconds} s` : `  ETA ${Math.round(eta_seconds / 60)} min`;
  return eta_minutes === null ? "" : `  ETA ${eta_minutes} min`;
}

/** One line: bar, percentage, items, stage, ETA, events. */
export function renderProgress(snapshot: ProgressSnapshot): string {
  const { progress, summary } = snapshot;
  const filled = Math.round((Math.min(100, Math.max(0, progress.percentage)) / 100) * WIDTH);
  const bar = `${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}`;
  const total = `${progress.total_is_estimate ? "~" : ""}${number(progress.total_items)}`;
  const eta = formatEta(progress);
  return `[${bar}] ${String(progress.percentage).padStart(3)}%  ${number(progress.processed_items)}/${total} items  ${progress.current_stage}${eta}  events ${number(summary.events_created)}  people ${number(summary.users_processed)}${summary.errors ? `  errors ${summary.errors}` : ""}`;
}

/** Redraws in place on a terminal; elsewhere prints a line only when it changed. */
export function createProgressPrinter(stream: NodeJS.WriteStream = process.stdout) {
  let last = "";
  return {
    update(snapshot: ProgressSnapshot) {
      const line = renderProgress(snapshot);
      if (line === last) return;
      last = line;
      if (stream.isTTY) stream.write(`\r\x1b[2K${line}`);
      else stream.write(`${line}\n`);
    },
    done() {
      if (stream.isTTY && last) stream.write("\n");
    },
  };
}
