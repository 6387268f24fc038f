/**
 * A fake of WeChat's and WeCom's token and send APIs on 127.0.0.1, for the senders' tests: the
 * services this project cannot reach. It answers as their documents say: `cgi-bin/token` and
 * `cgi-bin/gettoken` give an access_token with `expires_in`; the sends take it, answer 42001 once it
 * is expired (`expire()`), 40001 for one it never gave, and whatever errcodes a test queues
 * (`answerNext`: 45015, 45047, 45009, -1, 95018 ...). A request can be made to hang (`hang`).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakePlatform {
  readonly url: string;
  /** Token requests, in order. */
  readonly tokenRequests: string[];
  /** Accepted sends: the path and the body. */
  readonly sent: { readonly path: string; readonly body: Record<string, unknown> }[];
  /** The next sends answer these errcodes, one each, before any is accepted. */
  answerNext(...errcodes: number[]): void;
  /** The tokens given so far stop working (the platform answers 42001). */
  expire(): void;
  /** Requests to paths starting with this hang until the server closes. */
  hang(prefix: string | null): void;
  /** Token requests answer this body instead (garbage, an errcode). */
  tokenAnswer(body: string | null): void;
  /** What `kf/sync_msg` holds: every item, served from the cursor (the index as text) `page` at a time. */
  readonly kf: { items: Record<string, unknown>[]; page: number; readonly requests: Record<string, unknown>[] };
  close(): Promise<void>;
}

const MESSAGES: Readonly<Record<number, string>> = {
  [-1]: "system error",
  40001: "invalid credential, access_token is invalid or not latest",
  42001: "access_token expired",
  45009: "api freq out of limit",
  45015: "response out of time limit or subscription is canceled",
  45047: "out of response count limit",
  95001: "send msg count limit",
  95002: "send msg time limit",
  95018: "send msg session status invalid",
};

export async function fakePlatform(): Promise<FakePlatform> {
  const tokenRequests: string[] = [];
  const sent: FakePlatform["sent"] = [];
  const queued: number[] = [];
  const valid = new Set<string>();
  const expired = new Set<string>();
  let hanging: string | null = null;
  let tokenBody: string | null = null;
  let issued = 0;
  const kf: FakePlatform["kf"] = { items: [], page: 1000, requests: [] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (hanging !== null && url.pathname.startsWith(hanging)) return; // never answered
      const reply = (body: object | string) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
      };
      if (url.pathname === "/cgi-bin/token" || url.pathname === "/cgi-bin/gettoken") {
        tokenRequests.push(url.pathname);
        if (tokenBody !== null) return reply(tokenBody);
        const token = `token-${++issued}`;
        valid.add(token);
        return reply({ errcode: 0, errmsg: "ok", access_token: token, expires_in: 7200 });
      }
      const token = url.searchParams.get("access_token") ?? "";
      if (expired.has(token)) return reply({ errcode: 42001, errmsg: MESSAGES[42001] });
      if (!valid.has(token)) return reply({ errcode: 40001, errmsg: MESSAGES[40001] });
      if (url.pathname === "/cgi-bin/kf/sync_msg") {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
        kf.requests.push(body);
        const from = typeof body["cursor"] === "string" ? Number(body["cursor"]) : 0;
        const to = Math.min(kf.items.length, from + Math.min(kf.page, Number(body["limit"] ?? 1000)));
        return reply({ errcode: 0, errmsg: "ok", next_cursor: String(to), has_more: to < kf.items.length ? 1 : 0, msg_list: kf.items.slice(from, to) });
      }
      const next = queued.shift();
      if (next !== undefined) return reply({ errcode: next, errmsg: MESSAGES[next] ?? "error" });
      sent.push({ path: url.pathname, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> });
      reply({ errcode: 0, errmsg: "ok" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokenRequests,
    sent,
    answerNext: (...errcodes) => queued.push(...errcodes),
    expire() {
      for (const t of valid) expired.add(t);
      valid.clear();
    },
    hang: (prefix) => (hanging = prefix),
    tokenAnswer: (body) => (tokenBody = body),
    kf,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
