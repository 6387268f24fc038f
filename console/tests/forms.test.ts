import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AutoreplyError, compile, type ConfigInput } from "../../src/core/index.js";
import { editConfig, type ConfigEdit, type ConfigRecipe } from "../../src/tools/edit/edit.js";
import { writePatches, WriteError } from "../src/forms/write.js";
import * as M from "../src/forms/model.js";
import { format } from "../src/i18n/index.js";
import { ROOT } from "../../tests/helpers.js";

// The forms beside the YAML (issue 29 item 3), their pure parts in Node: a form's recipe through
// `editConfig` gives patches, which go into the YAML text where the values are (comments and
// layout kept); and which layer each reply resolves from, as the form says it.
const seedText = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");
const seed = parse(seedText) as ConfigInput;
const APP: M.LayerRef = { layer: "app" };

/** The form's edit of the seed, and the text it writes. */
function written(recipe: M.Recipe, text = seedText): { edit: ConfigEdit; out: string } {
  const edit = editConfig(parse(text) as ConfigInput, recipe as ConfigRecipe);
  return { edit, out: writePatches(text, edit.patches) };
}

const comments = (text: string) => text.split("\n").filter((l) => l.trimStart().startsWith("#"));
/** The lines of `b` that are not in `a` (and the other way), by a line diff of the two. */
function changed(a: string, b: string): { removed: string[]; added: string[] } {
  const x = a.split("\n");
  const y = b.split("\n");
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let end = 0;
  while (end < x.length - start && end < y.length - start && x[x.length - 1 - end] === y[y.length - 1 - end]) end++;
  return { removed: x.slice(start, x.length - end), added: y.slice(start, y.length - end) };
}

describe("a form edit written into the YAML", () => {
  it("changes a received reply's text in its line, the comment above it kept", () => {
    const { edit, out } = written(M.atReply(APP, "received", undefined, (r) => M.setMessage(r, 0, "您好,已收到您的消息。")));
    expect(edit.patches).toEqual([{ op: "replace", path: ["app", "replies", "received", "messages", 0], value: "您好,已收到您的消息。" }]);
    expect(changed(seedText, out)).toEqual({ removed: ["        - 您好,消息已收到。"], added: ["        - 您好,已收到您的消息。"] });
    expect(out).toContain("    # 1. 收到消息回复,回复2条消息。 (line 51)\n    received:\n      messages:\n        - 您好,已收到您的消息。");
    expect(parse(out)).toEqual(edit.config);
  });

  it("changes a survey's question, its buttons and thanks left as written (the YAML's to edit)", () => {
    const text = seedText.replace("app:\n  replies:\n", "app:\n  replies:\n    survey:\n      messages: 请评价\n      options: [满意, 不满意]\n      thanks: 谢谢\n");
    const { edit, out } = written(M.atReply(APP, "survey", undefined, (r) => M.setMessage(r, 0, "请为本次服务打分")), text);
    expect(changed(text, out)).toEqual({ removed: ["      messages: 请评价"], added: ["      messages: 请为本次服务打分"] });
    expect(edit.config.app?.replies?.survey).toEqual({ messages: "请为本次服务打分", options: ["满意", "不满意"], thanks: "谢谢" });
    expect(M.OTHER_KINDS).toContain("survey");
  });

  it("changes a timer, adds a second message to a one-text reply, and keeps every comment", () => {
    const timer = written(M.atReply(APP, "agentSilent", undefined, (r) => M.setField(r, "after", M.durationValue("3m"))));
    expect(changed(seedText, timer.out)).toEqual({ removed: ["      after: 2m"], added: ["      after: 3m"] });
    const second = written(M.atReply(APP, "opened", undefined, (r) => M.setMessage(r, 1, "请问有什么可以帮您?")));
    expect(changed(seedText, second.out)).toEqual({
      removed: ["      messages: <<nick_name>>,欢迎光临,有什么可以帮您?"],
      added: ["      messages:", "        - <<nick_name>>,欢迎光临,有什么可以帮您?", "        - 请问有什么可以帮您?"],
    });
    for (const { edit, out } of [timer, second]) {
      expect(comments(out)).toEqual(comments(seedText));
      expect(parse(out)).toEqual(edit.config);
    }
  });

  it("adds a keyword rule after the last one and removes it again, the text as it was", () => {
    const added = written(M.atRules(APP, (rules) => void rules.push(M.newRule(rules, ["营业时间", "几点开门"], "我们每天 9:00-18:00 营业。"))));
    expect(changed(seedText, added.out).added).toEqual(["      - id: rule-2", "        match: { any: [营业时间, 几点开门] }", "        messages: 我们每天 9:00-18:00 营业。"]);
    expect(parse(added.out)).toEqual(added.edit.config);
    const removed = written(M.atRules(APP, (rules) => void rules.splice(1, 1)), added.out);
    expect(removed.out).toBe(seedText);
    // Undo through the edit's inverse patches gives the text back too.
    expect(writePatches(added.out, added.edit.inverse)).toBe(seedText);
  });

  it("edits a rule's words, exclusions, match mode and priority inside its flow-style match", () => {
    const { edit, out } = written(
      M.atRules(APP, (rules) => {
        const rule = rules[0] as Record<string, unknown>;
        M.setWords(rule, "any", ["价格表", "产品报价", "报价单"]);
        M.setExclusions(rule, ["不要"]);
        M.setField(rule, "priority", M.numberValue("10"));
      }),
    );
    // The words in their flow-style list, the exclusions beside them; the new key after the rule's last.
    expect(out).toBe(seedText.replace("match: { any: [价格表, 产品报价] }", "match: { any: [价格表, 产品报价, 报价单], none: [不要] }").replace("          - 如需优惠,请联系客服。\n", "          - 如需优惠,请联系客服。\n        priority: 10\n"));
    expect(parse(out)).toEqual(edit.config);
    const exact = written(M.atRules(APP, (rules) => M.setMode(rules[0] as Record<string, unknown>, "exact")));
    expect(changed(seedText, exact.out).added).toEqual(["        match: { exact: [价格表, 产品报价] }"]);
  });

  it("sets a reply on an agent's layer (a copy of the app's), switches, hours and a channel's reserve, comments kept", () => {
    const inherited = M.valueAt(seed, ["app", "replies", "received"]);
    const agent = written(M.atReply({ layer: "agent", owner: "zhangsan" }, "received", inherited, (r) => M.setMessage(r, 0, "张三已收到。")));
    expect(agent.edit.config.agents?.["zhangsan"]?.replies?.received?.messages).toEqual(["张三已收到。", "客服会尽快回复您,请稍候。"]);
    const top = written((draft) => {
      M.setTop(["switches", "receivedWhileServing"], true)(draft);
      M.setReserve("miniprogram", 1)(draft);
      M.atSchedule("office", (s) => M.setField(s, "holidays", ["2026-10-01..2026-10-07"]))(draft);
      M.useSchedule(APP, "office")(draft);
    });
    expect(top.edit.config.channels).toEqual({ miniprogram: { reserve: 1 } });
    for (const { edit, out } of [agent, top]) {
      expect(comments(out)).toEqual(comments(seedText));
      expect(parse(out)).toEqual(edit.config);
      // Everything of the seed's text is still there, line for line, in its order: only lines were added or one changed.
      const lines = out.split("\n");
      let at = 0;
      for (const line of seedText.split("\n").filter((l) => !l.includes("zhangsan"))) {
        at = lines.indexOf(line, at);
        expect(at, line).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("turns the queued reply's one text into thresholds by queue position, and removes a reply from its layer", () => {
    const rules = written(
      M.atReply(APP, "queued", undefined, (r) => {
        r["rules"] = [{ over: 0, messages: r["messages"] }, { over: 10, messages: "排队人数较多,您也可以留言。" }];
        delete r["messages"];
      }),
    );
    expect(compile(rules.edit.config).config.app.queued?.rules.map((r) => r.over)).toEqual([0, 10]);
    expect(parse(rules.out)).toEqual(rules.edit.config);
    expect(comments(rules.out)).toEqual(comments(seedText));
    const gone = written(M.removeReply(APP, "manualEnd"));
    expect(changed(seedText, gone.out).removed).toEqual(["    manualEnd:", "      messages: 感谢您的咨询,再见!"]);
    // A timed reply set again from nothing starts with the timer the engine needs.
    const silent = written(M.removeReply(APP, "agentSilent"));
    const again = written(M.atReply(APP, "agentSilent", undefined, (r) => M.setMessage(r, 0, "请稍候。")), silent.out);
    expect(again.edit.config.app?.replies?.agentSilent).toEqual({ after: "2m", messages: "请稍候。" });
    expect(parse(again.out)).toEqual(again.edit.config);
  });

  it("keeps a JSON config JSON", () => {
    const json = `${JSON.stringify(seed, null, 2)}\n`;
    const { edit, out } = written((draft) => {
      M.atReply(APP, "received", undefined, (r) => M.setMessage(r, 2, "第三条"))(draft);
      M.setTop(["switches", "robot"], true)(draft);
    }, json);
    expect(JSON.parse(out)).toEqual(edit.config);
    expect(out).toContain('"客服会尽快回复您,请稍候。",\n          "第三条"\n');
  });

  it("refuses, writing nothing, what the engine refuses, and what it cannot write with the layout kept", () => {
    // The engine's message, at its path: the form shows it beside the field.
    let error: unknown;
    try {
      editConfig(seed, M.atReply(APP, "agentSilent", undefined, (r) => M.setField(r, "after", M.durationValue("2 minutes"))) as ConfigRecipe);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AutoreplyError);
    expect((error as AutoreplyError).issues.map((i) => i.path)).toEqual(["app.replies.agentSilent.after"]);
    // A value reached through an alias is not written behind the reader's back.
    const aliased = "app:\n  replies:\n    opened: { messages: &hi 你好 }\n    received: { messages: *hi }\n";
    const edit = editConfig(parse(aliased) as ConfigInput, M.atReply(APP, "received", undefined, (r) => M.setMessage(r, 1, "再见")) as ConfigRecipe);
    expect(() => writePatches(aliased, edit.patches)).toThrow(WriteError);
    expect(() => writePatches("app: [", edit.patches)).toThrow(WriteError);
  });
});

describe("which layer a reply resolves from, as the form says it", () => {
  const config = parse(seedText.replace("  zhangsan: { name: 张三 }", "  zhangsan: { name: 张三, group: sales, replies: { offline: { messages: 我是张三。 } } }\ngroups:\n  sales: { replies: { accepted: { messages: 销售为您服务。 } } }").replace("app:\n", "app:\n  channels:\n    web: { replies: { received: { messages: 网页收到。 } } }\n")) as ConfigInput;
  const compiled = compile(config).config;
  const from = (ref: M.LayerRef, kind: M.SystemKind, channel = "miniprogram") => M.resolvedFrom(compiled, kind, M.contextFor(compiled, ref, channel));
  const words = (lang: "zh" | "en", ref: M.LayerRef, kind: M.SystemKind, channel?: string) => {
    const text = M.fromText(from(ref, kind, channel));
    return format(lang, text.t, text.params);
  };

  it("names the layer in Chinese and English: the app's, a channel's, a group's, an agent's, or none", () => {
    expect([words("zh", APP, "received"), words("en", APP, "received")]).toEqual(["来自:应用层", "from: app"]);
    expect([words("zh", APP, "received", "web"), words("en", { layer: "channel", owner: "web" }, "received")]).toEqual(["来自:渠道 web", "from: channel web"]);
    const agent: M.LayerRef = { layer: "agent", owner: "zhangsan" };
    // The agent's own offline reply; its group's accepted reply; the app's for the rest.
    expect([words("zh", agent, "offline"), words("zh", agent, "accepted"), words("zh", agent, "opened")]).toEqual(["来自:客服 zhangsan", "来自:客服组 sales", "来自:应用层"]);
    expect(words("en", { layer: "group", owner: "sales" }, "accepted")).toBe("from: group sales");
    expect([words("zh", APP, "dnd"), words("en", APP, "dnd")]).toEqual(["没有哪一层设置", "not set on any layer"]);
  });

  it("points at where the resolved reply is written, so that the form shows its values", () => {
    const agent: M.LayerRef = { layer: "agent", owner: "zhangsan" };
    expect(from(agent, "accepted")?.path).toEqual(["groups", "sales", "replies", "accepted"]);
    expect(M.valueAt(config, from(APP, "received", "web")?.path ?? [])).toEqual({ messages: "网页收到。" });
    expect(M.layerPath({ layer: "channel", owner: "web" })).toEqual(["app", "channels", "web"]);
    expect(M.layerOf(M.layerKey(agent))).toEqual(agent);
  });
});
