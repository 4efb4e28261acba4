export * from "./scopes";
export * from "./api-key-secret";
export * from "./api-key-view";
export * from "./create-api-key";
export * from "./list-api-keys";
export * from "./revoke-api-key";
export * from "./authenticate-api-key";
export * from "./key-hierarchy";
