import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { AutoreplyError, compile } from "../src/index.js";
import { ROOT, specConfig } from "./helpers.js";

const schema = JSON.parse(readFileSync(join(ROOT, "schema", "config.schema.json"), "utf8")) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

function compiles(config: unknown): boolean {
  try {
    compile(config);
    return true;
  } catch (e) {
    if (e instanceof AutoreplyError) return false;
    throw e;
  }
}

describe("schema/config.schema.json, for editors", () => {
  it("accepts every config in spec/", () => {
    for (const name of ["seed-003.config.yaml", "rules/base.config.yaml", "rules/switches.config.yaml"]) {
      expect(validate(specConfig(name)), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("agrees with the compiler on configs that are right and configs that are wrong", () => {
    const cases: unknown[] = [
      {},
      { preset: "wechat2023", reserveForAgents: 1, channels: { wecom: { quota: "unlimited" }, miniprogram: { menu: null } } },
      { app: { replies: { queued: { interval: "5m", rules: [{ over: 0, messages: "a" }, { over: 10, messages: ["b", "c"] }] } } } },
      { app: { replies: { keyword: [{ match: { all: [["退款", "退货"], "订单"], none: "已" }, priority: 2, messages: "k" }] } } },
      { app: { replies: { autoEnd: { idleAfter: "30m", messages: "bye" } } } },
      { swiches: {} },
      { reserveForAgents: -1 },
      { app: { replies: { opened: { messages: [] } } } },
      { app: { replies: { agentSilent: { messages: "x" } } } },
      { app: { replies: { queued: { rules: [1, 2, 3, 4, 5, 6].map((over) => ({ over, messages: "x" })) } } } },
      { app: { replies: { offline: { interval: "5 minutes", messages: "x" } } } },
      { app: { replies: { keyword: [{ messages: "no match" }] } } },
      { agents: { a: { nickname: "x" } } },
      { app: { replies: { autoEnd: { messages: "bye" } } } },
      { preset: "wechat2024" },
      { channels: { miniprogram: { quota: "lots" } } },
    ];
    for (const config of cases) expect(validate(config), JSON.stringify(config)).toBe(compiles(config));
  });
});
