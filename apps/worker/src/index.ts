export * from "./start-worker";
export { startWorkerProcess } from "./main";
