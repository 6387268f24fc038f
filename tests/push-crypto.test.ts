import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AutoreplyError } from "../src/core/index.js";
import { openPush, pushSignature, sealPush, type PushKeys } from "../src/host/index.js";

// The example of WeChat's message push guide (消息推送, 安全模式): Token AAAAA, an EncodingAESKey of 43
// A's, and the mini program's AppID; the push and the reply are the guide's, byte for byte.
const WECHAT: PushKeys = { token: "AAAAA", encodingAesKey: "A".repeat(43), receiveId: "wxba5fad812f8e6fb9" };
const PUSH = {
  signature: "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3",
  timestamp: "1714112445",
  nonce: "415670741",
  encrypt:
    "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=",
};
const PUSHED = '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}';

/** The code of a rejection, or "resolved". */
const codeOf = (p: Promise<unknown>) => p.then(() => "resolved", (e: unknown) => (e instanceof AutoreplyError ? e.code : String(e)));

describe("encrypted pushes (安全模式): the platforms' own examples", () => {
  it("opens the push of WeChat's guide and seals its reply to the same bytes", async () => {
    expect(await openPush(WECHAT, PUSH)).toBe(PUSHED);
    const reply = await sealPush(WECHAT, '{"demo_resp":"good luck"}', { timestamp: "1713424427", nonce: "415670741", random: new TextEncoder().encode("707722b803182950") });
    expect(reply).toEqual({ encrypt: "ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==", signature: "1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1" });
  });

  it("opens the URL checks of WeCom's WXBizMsgCrypt samples (both of its key sets)", async () => {
    const first: PushKeys = { token: "QDG6eK", encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", receiveId: "wx5823bf96d3bd56c7" };
    expect(await openPush(first, { signature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", timestamp: "1409659589", nonce: "263014780", encrypt: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==" })).toBe("1616140317555161061");
    const second: PushKeys = { token: "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", encodingAesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", receiveId: "ww1436e0e65a779aee" };
    expect(await openPush(second, { signature: "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", timestamp: "1476416373", nonce: "47744683", encrypt: "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==" })).toBe("1288432023552776189");
  });

  it("refuses a tampered signature, a changed ciphertext, a wrong key and a push for another app, each with PUSH_INVALID", async () => {
    expect(await codeOf(openPush(WECHAT, { ...PUSH, signature: "0".repeat(40) }))).toBe("PUSH_INVALID");
    expect(await codeOf(openPush(WECHAT, { ...PUSH, timestamp: "1714112446" }))).toBe("PUSH_INVALID");
    // A changed last block, signed again (as a forger who knew the Token would): its padding no longer
    // holds. (Only the signature stands for the whole: CBC lets a change to an earlier block through.)
    const changed = `${PUSH.encrypt.slice(0, -6)}${PUSH.encrypt.slice(-6, -5) === "A" ? "B" : "A"}${PUSH.encrypt.slice(-5)}`;
    expect(await codeOf(openPush(WECHAT, { ...PUSH, encrypt: changed, signature: await pushSignature(WECHAT.token, PUSH.timestamp, PUSH.nonce, changed) }))).toBe("PUSH_INVALID");
    expect(await codeOf(openPush({ ...WECHAT, encodingAesKey: "B".repeat(43) }, PUSH))).toBe("PUSH_INVALID");
    await expect(openPush({ ...WECHAT, receiveId: "wx0000000000000000" }, PUSH)).rejects.toThrow(/for "wxba5fad812f8e6fb9", not "wx0000000000000000"/);
    await expect(openPush({ ...WECHAT, encodingAesKey: "short" }, PUSH)).rejects.toThrow(/43 letters and digits/);
    expect(await codeOf(openPush(WECHAT, { ...PUSH, encrypt: "not base64!", signature: await pushSignature(WECHAT.token, PUSH.timestamp, PUSH.nonce, "not base64!") }))).toBe("PUSH_INVALID");
    const short = PUSH.encrypt.slice(0, 64);
    await expect(openPush(WECHAT, { ...PUSH, encrypt: short, signature: await pushSignature(WECHAT.token, PUSH.timestamp, PUSH.nonce, short) })).rejects.toThrow(/32-byte blocks|decrypt/);
  });

  it("seals and opens any text, Chinese included, at every length around the 32-byte blocks", async () => {
    for (let n = 0; n < 70; n++) {
      const text = "消息".repeat(n % 5) + "x".repeat(n);
      const at = { timestamp: String(1_764_662_400 + n), nonce: String(n) };
      const sealed = await sealPush(WECHAT, text, at);
      expect(await openPush(WECHAT, { ...at, ...sealed })).toBe(text);
    }
  });
});

describe("docs/host.md, \"Encrypted pushes\"", () => {
  it("runs its block and prints what its arrow says", async () => {
    const doc = readFileSync(join(import.meta.dirname, "..", "docs", "host.md"), "utf8");
    const section = doc.slice(doc.indexOf("## Encrypted pushes"));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    expect(block).toContain('import { openPush } from "autoreply-engine/host";');
    const printed: string[] = [];
    const body = block.replace(/^import .*$/m, "").replaceAll("console.log(", "print(");
    const run = new Function("openPush", "print", `return (async () => {${body}})();`) as (open: typeof openPush, print: (line: string) => void) => Promise<void>;
    await run(openPush, (line) => printed.push(line));
    const arrows = block.split("\n").filter((l) => l.startsWith("// → ")).map((l) => l.slice(5));
    expect(printed).toEqual(arrows);
    expect(arrows).toEqual([PUSHED]);
  });
});
