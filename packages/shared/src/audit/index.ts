export * from "./record-audit-entry";
