import { rmSync } from "node:fs";
import path from "node:path";

/**
 * Removes an embedded server's data: the folder a test asked for and the one the process reported really using. As
 * root, from a checkout the postgres user cannot enter (a 0700 `mktemp -d`, as CI clones), the server keeps its data
 * in a `fullsync-pg-data-<hash>` stand-in under /var/tmp, which removing the asked folder alone leaves behind (64 MB a
 * test). A reported folder is removed only when it is the asked one or such a stand-in: it comes from a child's output.
 */
export function removeDataDirs(asked: string, reported: string | undefined): void {
  rmSync(asked, { recursive: true, force: true });
  if (!reported || reported === asked) return;
  if (!path.basename(reported).startsWith("fullsync-pg-data-")) throw new Error(`not removing ${reported}: not an embedded server's data folder`);
  rmSync(reported, { recursive: true, force: true });
}
