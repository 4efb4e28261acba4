export * from "./upsert-campaigns";
