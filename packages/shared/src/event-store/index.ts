export * from "./keyed-event";
export * from "./key-events";
export * from "./insert-events-batch";
export * from "./store-events";
export * from "./drop-known-smartlead-events";
export * from "./analyze-events-if-unstudied";
export * from "./read-events-after";
