export * from "./credentials-key";
export * from "./secret-envelope";
