export * from "./start-worker";
export { startWorkerProcess } from "./main";
export { createEventSink } from "./sync/create-event-sink";
export { createSmartleadSource } from "./sources/smartlead-source";
export { createLemlistSource } from "./sources/lemlist-source";
