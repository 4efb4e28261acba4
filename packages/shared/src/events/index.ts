export * from "./canonical-event";
export * from "./event-types";
