export * from "./record-platform-requests";
export * from "./get-operational-figures";
