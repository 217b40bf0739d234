// The SQLite files hold customer emails and consent URLs, so they are private to the owner: a
// directory the app creates for them is 0700, the database file 0600 (created empty with that mode
// before SQLite opens it; SQLite gives its -wal and -shm files the database file's mode), and files
// left world-readable by an older version are tightened.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

export function preparePrivateSqliteFile(path: string): void {
  if (path === ":memory:") return;
  if (mkdirSync(dirname(path), { recursive: true, mode: 0o700 }) !== undefined) chmodSync(dirname(path), 0o700);
  closeSync(openSync(path, "a", 0o600)); // an empty file is an empty database
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}
