export * from "./create-boss";
export * from "./send-in-transaction";
