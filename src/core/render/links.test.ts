import { describe, expect, it } from "vitest";
import { message, Talk } from "../rules/testing.js";
import { allowedHost, findLinks, stripLinks } from "./links.js";

const hosts = (text: string, allow: string[] = []) => findLinks(text, allow).map((l) => l.host);

describe("findLinks (C-LINK)", () => {
  it("finds links with a scheme, bare hosts with a known top-level domain, and folded ones", () => {
    expect(hosts("请访问 https://shop.taobao.com/x?a=1#b 谢谢")).toEqual(["shop.taobao.com"]);
    expect(hosts("去m.tb.cn/h.5abc看看")).toEqual(["m.tb.cn"]);
    expect(hosts("WWW.JD.COM")).toEqual(["www.jd.com"]);
    expect(hosts("ｔａｏｂａｏ．ｃｏｍ")).toEqual(["taobao.com"]);
    expect(hosts("taobao。com")).toEqual(["taobao.com"]);
    expect(hosts("jd\u200b.com")).toEqual(["jd.com"]);
    expect(hosts("http://10.0.0.1:8080/a")).toEqual(["10.0.0.1"]);
    expect(hosts("weixin://dl/business")).toEqual(["dl"]);
  });

  it("leaves alone what is no link: e-mail, mini program paths, prices, file names, sentences", () => {
    for (const text of ["邮件 a@jd.com", "价格3.5元", "pages/index/index?id=1", "node.js 与 文件.pdf", "你好。再见", "v1.2.3", "版本 2.0"]) expect(hosts(text)).toEqual([]);
  });

  it("allows a domain and its subdomains, not a name that only ends the same", () => {
    expect(allowedHost("example.com", ["example.com"])).toBe(true);
    expect(allowedHost("www.example.com", ["example.com"])).toBe(true);
    expect(allowedHost("badexample.com", ["example.com"])).toBe(false);
    expect(hosts("https://www.example.com/p 与 https://evil-example.com", ["example.com"])).toEqual(["evil-example.com"]);
  });

  it("gives spans of the original text, so that strip removes exactly the link", () => {
    const text = "优惠在 ｈｔｔｐｓ://ｍ.ｔｂ.ｃｎ/ａ 里";
    expect(stripLinks(text, findLinks(text, []))).toBe("优惠在  里");
  });

  it("reads a hostile text in one pass: a long run of host characters is one candidate", () => {
    const text = "a".repeat(200_000) + ".com " + "a.".repeat(100_000);
    expect(hosts(text)).toEqual(["a".repeat(200_000) + ".com"]);
  });
});

describe("the links rule at run time (C-LINK, C-LINK-STRIP)", () => {
  const replies = { keyword: [{ id: "shop", match: { any: "店" }, messages: ["店铺: taobao.com/shop", "欢迎"] }] };

  it("holds a reply with a link back on an official account, and sends it on the web", () => {
    const oa = new Talk({ app: { replies } }, "official_account");
    expect(oa.send(message(0, "店"))).toEqual([]);
    expect(oa.last?.dropped).toEqual([expect.objectContaining({ kind: "keyword", reason: "content", by: "C-LINK", rule: "shop", messages: 2 })]);
    expect(oa.last?.quota.used).toBe(0);
    expect(new Talk({ app: { replies } }, "web").send(message(0, "店"))).toEqual(["店铺: taobao.com/shop", "欢迎"]);
  });

  it("strips the link and keeps the rest with links: strip; a channel of your own can forbid links too", () => {
    const t = new Talk({ channels: { mine: { quota: 5, links: "strip" } }, app: { replies } }, "mine");
    expect(t.send(message(0, "店"))).toEqual(["店铺: ", "欢迎"]);
    expect(t.droppedBy()).toEqual(["C-LINK-STRIP"]);
  });

  it("explains the verdict with the host and the seed sentence", () => {
    const t = new Talk({ app: { replies } }, "official_account");
    const d = t.engine.decide(t.state, { type: "visitor.message", at: 0, text: "店" }, { explain: true });
    expect(d.trace?.find((e) => e.kind === "keyword")).toMatchObject({ verdict: "content", by: "C-LINK", source: "seed 004 line 8" });
    expect(d.trace?.find((e) => e.kind === "keyword")?.detail).toContain("taobao.com");
  });
});
