export * from "./create-test-database";
export * from "./wait-for";
export * from "./free-port";
export * from "./test-env";
export * from "./event-key-input";
export * from "./webhook-target-cases";
export * from "./unsafe-characters";
export * from "./copy-migrations";
export { prepareTemplate, withDatabase } from "./global-setup";
