import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, wantsColor, type Io } from "../src/cli/main.js";
import { serveFolder } from "../src/cli/serve.js";
import { ROOT } from "./helpers.js";

// Issue 28 item 10: the command line's small conventions.

describe("NO_COLOR (no-color.org): only a non-empty value turns colour off", () => {
  it("keeps colour on a terminal with NO_COLOR set to the empty string, and turns it off with any other value", () => {
    expect(wantsColor({ NO_COLOR: "" }, true)).toBe(true);
    expect(wantsColor({ NO_COLOR: "1" }, true)).toBe(false);
    expect(wantsColor({ NO_COLOR: "0" }, true)).toBe(false);
    // Empty, it is as if unset: still no colour where the output is not a terminal.
    expect(wantsColor({ NO_COLOR: "" }, false)).toBe(false);
    expect(wantsColor({ NO_COLOR: "", TERM: "dumb" }, true)).toBe(false);
  });
});

describe("-V, as --version", () => {
  it("prints the version and exits 0", () => {
    const out: string[] = [];
    const io: Io = { out: (t) => out.push(t), err: (t) => out.push(`err: ${t}`), color: false, cwd: ROOT, version: "9.9.9" };
    expect(run(["-V"], io)).toBe(0);
    expect(out).toEqual(["9.9.9"]);
  });

  it("prints the package's version from bin/autoreply.js, and the help names it", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(execFileSync(process.execPath, [join(ROOT, "bin", "autoreply.js"), "-V"], { encoding: "utf8" }).trim()).toBe(version);
    const out: string[] = [];
    run(["--help"], { out: (t) => out.push(t), err: (t) => out.push(t), color: false, cwd: ROOT });
    expect(out.join("\n")).toContain("autoreply --version (-V) prints the version");
  });
});

describe("the playground's server answers HEAD as GET, without a body", () => {
  it("gives a file's status, type and length to HEAD, the same as GET's, and 404 for a file it does not have", async () => {
    const dir = mkdtempSync(join(tmpdir(), "serve-"));
    const page = "<!doctype html><title>自动回复</title>";
    writeFileSync(join(dir, "index.html"), page);
    const { server, url } = await serveFolder(dir, 0);
    try {
      const get = await fetch(url);
      const getBody = await get.text();
      const head = await fetch(url, { method: "HEAD" });
      const headBody = await head.text();
      expect([head.status, head.headers.get("content-type"), head.headers.get("content-length"), headBody]).toEqual([200, "text/html; charset=utf-8", String(Buffer.byteLength(page)), ""]);
      expect([get.status, get.headers.get("content-type"), get.headers.get("content-length"), getBody]).toEqual([200, "text/html; charset=utf-8", String(Buffer.byteLength(page)), page]);
      const missing = await fetch(new URL("nothing.js", url), { method: "HEAD" });
      expect([missing.status, await missing.text()]).toEqual([404, ""]);
      // Other methods still get nothing.
      expect((await fetch(url, { method: "POST" })).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
