export * from "./create-test-database";
export * from "./wait-for";
export * from "./test-env";
