import type { Router } from "express";
import type { AppConfig, Boss, CredentialsKey, Db, Logger, Pool } from "@full-sync/shared";
import type { RegisterOperation } from "./openapi/operation-registry";

/** What every route module receives. */
export interface GatewayDeps {
  config: AppConfig;
  prisma: Db;
  pool: Pool;
  logger: Logger;
  /** Distinguishes gateway processes (metrics label, event-key rate samples). */
  instanceId: string;
  /** Encrypts namespace credentials (resolveCredentialsKey). */
  credentialsKey: CredentialsKey;
  /** pg-boss for enqueueing (the gateway only sends). Apps built without one get a stand-in that throws on use. */
  boss: Boss;
  /** Aborted when the app closes: long work begun by a request (an optimization run) cancels its statements. */
  closing: AbortSignal;
}

export interface RouteDeps extends GatewayDeps {
  /** Registers an operation for /api/openapi.json; paths are relative to the module's basePath. */
  registerOperation: RegisterOperation;
}

/** A router mounted under `basePath`, behind bearer authentication. */
export interface RouteModule {
  basePath: string;
  create(deps: RouteDeps): Router;
}
