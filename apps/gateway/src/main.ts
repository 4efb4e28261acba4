import { ConfigError, StartupAbortedError } from "@full-sync/shared";
import { startGateway } from "./start-gateway";

startGateway({ handleSignals: true }).catch((error: unknown) => {
  // Fail fast with a readable message: a configuration problem is the operator's to fix, not a stack trace.
  if (error instanceof StartupAbortedError) {
    console.error(`${error.message}: gateway exiting without starting`);
    process.exit(0);
  }
  if (error instanceof ConfigError) console.error(error.message);
  else console.error("The gateway could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
