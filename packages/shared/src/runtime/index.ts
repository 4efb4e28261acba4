export * from "./open-runtime";
export * from "./migrations-failed-error";
export * from "./is-port-listening";
export * from "./wait-for-database";
