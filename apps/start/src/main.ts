// The compiled `pnpm start --prod` entry point (dist/main.js); `pnpm start` runs the same from TypeScript.
import { startAll } from "./start-all";

void startAll();
