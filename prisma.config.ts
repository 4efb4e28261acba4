import { defineConfig } from "prisma/config";

// The CLI is used only for `generate` here (migrations are the project's own runner); the URL is for users
// who run `prisma migrate status` against their database with the Prisma CLI installed.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/fullsync" },
});
