import type { RouteModule } from "../gateway-deps";
import { createApiKeysRouter } from "./api-keys.routes";
import { createDatabaseRouter } from "./database.routes";
import { createEventKeysRouter } from "./event-keys.routes";
import { createFullSyncRouter } from "./full-sync.routes";
import { createMigrationsRouter } from "./migrations.routes";
import { createJobsRouter } from "./jobs.routes";
import { createNamespaceHooksRouter } from "./namespace-hooks.routes";
import { createNamespacesRouter } from "./namespaces.routes";

/**
 * Every /api router, mounted in this order behind bearer authentication. To add one: write
 * `<area>.routes.ts` exporting `create<Area>Router(deps: RouteDeps): Router`, import it here and add a line.
 */
export const ROUTE_MODULES: RouteModule[] = [
  { basePath: "/api/keys", create: createApiKeysRouter },
  { basePath: "/api/namespaces", create: createNamespacesRouter },
  { basePath: "/api/namespaces", create: createNamespaceHooksRouter },
  { basePath: "/api/full-sync", create: createFullSyncRouter },
  { basePath: "/api/event-keys", create: createEventKeysRouter },
  { basePath: "/api/database", create: createDatabaseRouter },
  { basePath: "/api/migrations", create: createMigrationsRouter },
  { basePath: "/api/jobs", create: createJobsRouter },
];
