/** The handler on Node's own HTTP server (a serverless platform calls the handler itself). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpRequest, HttpResponse } from "./handler.js";

/** Serves `handler` on 127.0.0.1 (port 0: any free port); resolves with the server and its URL. */
export async function serve(handler: (request: HttpRequest) => Promise<HttpResponse>, port = 0): Promise<{ readonly server: Server; readonly url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void handler({ method: req.method ?? "GET", url: req.url ?? "/", body: Buffer.concat(chunks).toString("utf8") }).then((r) => {
        res.writeHead(r.status, r.headers);
        res.end(r.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
