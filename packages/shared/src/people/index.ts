export * from "./upsert-people";
