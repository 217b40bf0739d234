// The build-freshness stamp (lib/cli/build.ts): sources and the declared dependencies count; the
// lock file's bytes do not (`npm install` may rewrite it without changing what gets built).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sourceStamp } from "../../lib/cli/build";

describe("sourceStamp", () => {
  let root: string;
  const write = (path: string, text: string, mtime: number) => {
    writeFileSync(join(root, path), text);
    utimesSync(join(root, path), mtime, mtime);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "stamp-"));
    mkdirSync(join(root, "app"));
    write("app/page.tsx", "export const a = 1;\n", 1_000);
    write("package.json", JSON.stringify({ scripts: { a: "x" }, dependencies: { next: "16.4.6" } }), 1_000);
    write("package-lock.json", JSON.stringify({ lockfileVersion: 3, packages: {} }), 1_000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("stays the same when only the lock file is rewritten", () => {
    const before = sourceStamp(root);
    write("package-lock.json", JSON.stringify({ lockfileVersion: 3, packages: { "": { dev: true } } }), 2_000);
    expect(sourceStamp(root)).toBe(before);
  });

  it("stays the same when package.json changes outside its dependencies", () => {
    const before = sourceStamp(root);
    write("package.json", JSON.stringify({ scripts: { a: "y" }, dependencies: { next: "16.4.6" } }), 2_000);
    expect(sourceStamp(root)).toBe(before);
  });

  it("changes when a declared dependency changes", () => {
    const before = sourceStamp(root);
    write("package.json", JSON.stringify({ scripts: { a: "x" }, dependencies: { next: "16.4.7" } }), 1_000);
    expect(sourceStamp(root)).not.toBe(before);
  });

  it("changes when a source file changes", () => {
    const before = sourceStamp(root);
    write("app/page.tsx", "export const a = 2;\n", 2_000);
    expect(sourceStamp(root)).not.toBe(before);
  });
});
