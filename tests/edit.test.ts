import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyConfigPatches, editConfig, EditHistory, parsePath, patchPath } from "../src/tools/edit/index.js";
import { AutoreplyError, type ConfigInput } from "../src/core/index.js";

const base: ConfigInput = {
  agents: { zhangsan: { name: "张三" } },
  app: { replies: { received: { messages: ["收到", "请稍候"] }, keyword: [{ id: "price", match: { any: "价格" }, messages: "价格表" }] } },
};
const snapshot = structuredClone(base);

const errorOf = (f: () => unknown): AutoreplyError => {
  try {
    f();
  } catch (e) {
    return e as AutoreplyError;
  }
  throw new Error("no error");
};

describe("editConfig (autoreply-engine/edit)", () => {
  it("returns the new config, its patches and their inverse, validated; the old config is untouched", () => {
    const edit = editConfig(base, (c) => {
      c.app!.replies!.received = { messages: "您好,已收到" };
    });
    expect(edit.patches).toEqual([{ op: "replace", path: ["app", "replies", "received"], value: { messages: "您好,已收到" } }]);
    expect(edit.config.app?.replies?.received).toEqual({ messages: "您好,已收到" });
    expect(edit.engine.config.app.received?.messages).toEqual([["您好,已收到"]]);
    expect(base).toEqual(snapshot);
    expect(Object.isFrozen(edit.config)).toBe(true);
  });

  it("undoes exactly with the inverse patches, and redoes with the patches", () => {
    const edit = editConfig(base, (c) => {
      delete c.app!.replies!.keyword;
      c.agents!["lisi"] = { name: "李四" };
      (c.app!.replies!.received!.messages as string[]).push("第三条");
    });
    const undone = applyConfigPatches(edit.config, edit.inverse);
    expect(undone.config).toEqual(base);
    expect(applyConfigPatches(undone.config, edit.patches).config).toEqual(edit.config);
  });

  it("refuses an edit that makes the config invalid, with every problem, and changes nothing", () => {
    const e = errorOf(() =>
      editConfig(base, (c) => {
        c.agents!["zhangsan"]!.group = "nowhere";
        (c.app!.replies!.received as { messages: unknown }).messages = [];
      }),
    );
    expect(e.code).toBe("CONFIG_INVALID");
    expect(e.issues.map((i) => i.path)).toEqual(["agents.zhangsan.group", "app.replies.received.messages"]);
    expect(base).toEqual(snapshot);
  });

  it("refuses a recipe that throws, or returns something that is not a config", () => {
    expect(errorOf(() => editConfig(base, () => { throw new Error("boom"); })).message).toMatch(/the recipe threw: boom; the config is unchanged/);
    expect(errorOf(() => editConfig(base, () => 42 as unknown as ConfigInput)).code).toBe("EDIT_FAILED");
    expect(errorOf(() => editConfig(null as unknown as ConfigInput, () => undefined)).code).toBe("EDIT_FAILED");
    expect(errorOf(() => editConfig(base, "x" as unknown as () => undefined)).code).toBe("EDIT_FAILED");
    expect(base).toEqual(snapshot);
  });

  it("keeps undo, redo and an audit log of who changed which rule", () => {
    const h = new EditHistory(base);
    h.edit((c) => {
      c.app!.replies!.keyword![0]!.messages = "新价格表";
    }, { by: "ops@example.com", at: 1 });
    h.edit((c) => {
      c.reserveForAgents = 1;
    }, { by: "lead@example.com", at: 2 });
    expect(h.current.reserveForAgents).toBe(1);
    h.undo({ by: "lead@example.com", at: 3 });
    expect(h.current.reserveForAgents).toBeUndefined();
    expect(h.canRedo).toBe(true);
    h.redo();
    expect(h.current.reserveForAgents).toBe(1);
    h.undo();
    h.undo();
    expect(h.current).toEqual(base);
    expect(h.canUndo).toBe(false);
    expect(h.log.map((e) => [e.kind, e.by, e.paths.join()])).toEqual([
      ["edit", "ops@example.com", "app.replies.keyword[0].messages"],
      ["edit", "lead@example.com", "reserveForAgents"],
      ["undo", "lead@example.com", "reserveForAgents"],
      ["redo", undefined, "reserveForAgents"],
      ["undo", undefined, "reserveForAgents"],
      ["undo", undefined, "app.replies.keyword[0].messages"],
    ]);
    expect(() => new EditHistory({ preset: "nope" } as unknown as ConfigInput)).toThrow(/preset: expected one of/);
    // A refused edit leaves the history where it was.
    expect(() => h.edit((c) => { c.preset = "nope" as "seed003"; })).toThrow(AutoreplyError);
    expect(h.current).toEqual(base);
  });

  it("writes patch paths as config paths and reads them back", () => {
    const key = fc.oneof(fc.nat(50), fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom("app", "replies", "a b", 'q"t', "x.y"));
    fc.assert(fc.property(fc.array(key, { minLength: 1, maxLength: 6 }).filter((p) => typeof p[0] === "string"), (path) => {
      expect(parsePath(patchPath(path))).toEqual(path);
    }));
    expect(patchPath(["agents", "张 三", "replies", "keyword", 0])).toBe('agents["张 三"].replies.keyword[0]');
    expect(() => parsePath("app..x")).toThrow(/not a config path/);
  });
});
