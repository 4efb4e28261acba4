/**
 * A server for bench/gateway.bench.ts, in its own process so the load generator does not share its event loop:
 * `bare` is a bare Express 5 JSON route (the baseline), `gateway` the real gateway on DATABASE_URL.
 * Reports its URL over IPC and runs until killed. Over IPC it also answers `{ type: "cpu" }` with its CPU time
 * (process.cpuUsage, microseconds) and, with `{ type: "profile-start" }` / `{ type: "profile-stop", file }`,
 * records a V8 CPU profile of just the measured window (start-up and warm-up left out).
 * Plain CommonJS, run as production runs the apps: `node --conditions=full-sync-compiled`, so the gateway is its
 * compiled dist/ (`pnpm build`) and no TypeScript loader is in the process, for either server.
 */
const { writeFileSync } = require("node:fs");
const { Session } = require("node:inspector/promises");
const express = require("express");
const { startGateway } = require("@full-sync/gateway");
const { loadConfig } = require("@full-sync/shared");

/** Commands over IPC: { type: "cpu" } | { type: "profile-start" } | { type: "profile-stop", file }. */
function answerCommands() {
  let session;
  process.on("message", (command) => {
    void (async () => {
      if (command.type === "cpu") return process.send?.({ type: "cpu", usage: process.cpuUsage() });
      if (command.type === "profile-start") {
        session = new Session();
        session.connect();
        await session.post("Profiler.enable");
        await session.post("Profiler.start");
        return process.send?.({ type: "profile-started" });
      }
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(command.file, JSON.stringify(profile));
      session.disconnect();
      process.send?.({ type: "profile-stopped" });
    })();
  });
}

async function main() {
  const mode = process.argv[2];
  answerCommands();
  if (mode === "bare") {
    const app = express();
    app.get("/json", (_req, res) => {
      res.json({ success: true, status: "ok" });
    });
    const server = app.listen(0, "127.0.0.1", () => process.send?.({ url: `http://127.0.0.1:${server.address().port}` }));
    return;
  }
  if (mode !== "gateway") throw new Error(`unknown mode ${mode}`);
  const handle = await startGateway({ config: loadConfig(), port: 0, migrate: false });
  process.send?.({ url: handle.url });
  process.once("SIGTERM", () => void handle.close().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
