import { json, Router, type Response } from "express";
import { firstQueryValue } from "../core/parse-query";
import { applyEngageUpdate } from "./apply-engage-update";
import { sendMixpanelError } from "./mixpanel-behaviour";
import type { MixpanelStore } from "./mixpanel-store";
import { parseJsonRecords, readRequestBody, type BodyOutcome } from "./read-request-body";
import { validateMixpanelEvent, type FailedRecord } from "./validate-mixpanel-event";

export const MIXPANEL_MAX_RECORDS = 2000;
export const MIXPANEL_ROUTES = ["POST /import", "POST /engage"];

/** The records of a readable body, or undefined after answering the error. */
function readRecords(res: Response, body: BodyOutcome, maxBytes: number): unknown[] | undefined {
  if (!body.ok) {
    if (body.reason === "tooLarge") sendMixpanelError(res, 413, `request exceeds max limit of ${maxBytes} bytes`);
    else sendMixpanelError(res, 400, "unable to decode request body: unsupported or corrupt Content-Encoding");
    return undefined;
  }
  const records = parseJsonRecords(body.text);
  if (!records) {
    sendMixpanelError(res, 400, "unable to parse request body: expected a JSON array or newline-delimited JSON");
    return undefined;
  }
  if (records.length > MIXPANEL_MAX_RECORDS) {
    sendMixpanelError(res, 400, `request exceeds max limit of ${MIXPANEL_MAX_RECORDS} records`);
    return undefined;
  }
  return records;
}

export function createMixpanelRouter(options: { store: MixpanelStore; projectToken: string; maxBytes: number }): Router {
  const { store, maxBytes } = options;
  const router = Router();

  router.post("/import", async (req, res) => {
    const records = readRecords(res, await readRequestBody({ req, maxBytes }), maxBytes);
    if (!records) return;
    const now = Date.now();
    const failed: FailedRecord[] = [];
    let imported = 0;
    records.forEach((record, index) => {
      const outcome = validateMixpanelEvent({ record, index, now });
      store.receive(outcome.ok ? outcome.event.properties.$insert_id : outcome.failure.insert_id);
      if (!outcome.ok) {
        failed.push(outcome.failure);
        return;
      }
      const refusal = store.takeRefusal();
      if (refusal !== undefined) {
        failed.push({ index, insert_id: outcome.event.properties.$insert_id ?? "", field: "properties", message: refusal });
        return;
      }
      store.ingest(outcome.event);
      imported += 1;
    });
    // Without strict=1 invalid events are dropped silently; with it the answer is a partial success.
    if (failed.length > 0 && firstQueryValue(req.query.strict) === "1") {
      sendMixpanelError(res, 400, "some data points in the request failed validation", { num_records_imported: imported, failed_records: failed });
      return;
    }
    res.status(200).json({ code: 200, num_records_imported: imported, status: "OK" });
  });

  router.post("/engage", async (req, res) => {
    const verbose = firstQueryValue(req.query.verbose) === "1";
    const answer = (error: string | null): void => {
      if (verbose) res.status(200).json({ status: error === null ? 1 : 0, error });
      else res.status(200).type("text/plain").send(error === null ? "1" : "0");
    };
    const body = await readRequestBody({ req, maxBytes });
    // /engage takes no compressed bodies.
    if (body.ok && req.get("content-encoding") && req.get("content-encoding") !== "identity") return answer("Content-Encoding is not supported on /engage");
    const records = readRecords(res, body, maxBytes);
    if (!records) return;
    const errors = records.flatMap((update, index) => {
      const outcome = applyEngageUpdate({ update, projectToken: options.projectToken, store });
      return outcome.ok ? [] : [`update ${index}: ${outcome.error}`];
    });
    answer(errors.length === 0 ? null : errors.join("; "));
  });

  return router;
}

export function createMixpanelControl(options: { store: MixpanelStore }): Router {
  const router = Router();
  router.get("/insert-id-counts", (_req, res) => void res.json(options.store.receipts()));
  router.post("/refuse-records", json(), (req, res) => {
    const body = (req.body ?? {}) as { count?: unknown; message?: unknown };
    const count = typeof body.count === "number" && body.count > 0 ? Math.floor(body.count) : 1;
    options.store.refuseNext(count, typeof body.message === "string" ? body.message : "'properties' refused by the emulator (injected)");
    res.status(204).end();
  });
  router.get("/events", (_req, res) => void res.json(options.store.events()));
  router.get("/profiles", (_req, res) => void res.json(options.store.profiles()));
  return router;
}
