/**
 * `autoreply playground`: the playground's static files on 127.0.0.1 (issue 15). Only files of the
 * folder, by name; nothing else is read, and nothing is written.
 */
import { readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Readonly<Record<string, string>> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".map": "application/json", ".png": "image/png" };

/** Serves `dir` on 127.0.0.1 at `port` (0: any free port); resolves with the server and its address. */
export function serveFolder(dir: string, port: number): Promise<{ readonly server: Server; readonly url: string }> {
  const root = normalize(dir) + sep;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const file = normalize(join(root, path === "/" ? "index.html" : path));
    let body: Buffer | undefined;
    try {
      if (file.startsWith(root) && statSync(file).isFile()) body = readFileSync(file);
    } catch {
      body = undefined;
    }
    // HEAD answers as GET does, headers only (RFC 9110 9.3.2): a link checker or curl -I sees the same status and length.
    const head = req.method === "HEAD";
    if ((req.method !== "GET" && !head) || body === undefined) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end(head ? undefined : "not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": body.length, "cache-control": "no-store" });
    res.end(head ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }));
  });
}
