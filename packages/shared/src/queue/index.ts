export * from "./queue-definitions";
export * from "./create-boss";
export * from "./send-in-transaction";
