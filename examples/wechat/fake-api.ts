/**
 * A fake of WeChat's customer-service send API on 127.0.0.1, for the tests and the demo: the one
 * service this project cannot reach. It takes `POST /cgi-bin/message/custom/send?access_token=...`
 * with WeChat's JSON body, answers as WeChat does (`{ errcode: 0, errmsg: "ok" }`, 40001 for a
 * wrong token), and records what it received. It can be told to fail or to be slow.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  readonly touser: string;
  readonly content: string;
}

export interface FakeApi {
  /** The base URL to give the handler, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** What it accepted, in order. */
  readonly received: Received[];
  /** The next `n` sends fail with `errcode`: -1 (busy, the default), or e.g. 45047 (over the customer-service quota). */
  failNext(n: number, errcode?: number): void;
  /** Every send waits this long before it answers (ms). */
  delay(ms: number): void;
  close(): Promise<void>;
}

export async function fakeWechatApi(accessToken: string): Promise<FakeApi> {
  const received: Received[] = [];
  let failures = 0;
  let failure = -1;
  let wait = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const reply = (body: object) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      setTimeout(() => {
        if (req.method !== "POST" || url.pathname !== "/cgi-bin/message/custom/send") return reply({ errcode: 40_000, errmsg: "not found" });
        if (url.searchParams.get("access_token") !== accessToken) return reply({ errcode: 40_001, errmsg: "invalid credential, access_token is invalid or not latest" });
        if (failures > 0) {
          failures--;
          return reply({ errcode: failure, errmsg: failure === 45_047 ? "out of response count limit" : "system error" });
        }
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { touser: string; msgtype: string; text?: { content: string } };
        if (body.msgtype !== "text" || body.text === undefined) return reply({ errcode: 40_008, errmsg: "invalid message type" });
        received.push({ touser: body.touser, content: body.text.content });
        reply({ errcode: 0, errmsg: "ok" });
      }, wait);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext: (n, errcode = -1) => {
      failures = n;
      failure = errcode;
    },
    delay: (ms) => void (wait = ms),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
