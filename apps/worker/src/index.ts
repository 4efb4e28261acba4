export * from "./start-worker";
export { startWorkerProcess } from "./main";
export { createEventSink } from "./sync/create-event-sink";
