import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../index.js";
import { message, problemPaths, Talk } from "../testing.js";

const config = (extra: Readonly<Record<string, unknown>> = {}) =>
  ({ groups: { backup: {} }, app: { replies: { agentSilent: { after: "90s", messages: "稍等", backup: { after: "10m", transfer: { group: "backup" }, alert: true } }, ...extra } } }) as ConfigInput;
const backupDue = (t: Talk) => t.last?.timers.find((x) => x.timer === "backup")?.due;

describe("the backup stage of agentSilent (E-BACKUP)", () => {
  it("is timed from the first unanswered message, and a human answer cancels it", () => {
    const t = new Talk(config());
    t.send(message(0, "你好", { route: { agent: "a" } }));
    expect(backupDue(t)).toBe(600_000);
    t.send(message(120, "在吗"));
    expect(backupDue(t)).toBe(600_000);
    t.send({ type: "agent.message", at: 130 } as never);
    expect(backupDue(t)).toBeUndefined();
    // The timer a host still holds is stale now.
    t.send({ type: "timer", at: 600, timer: "backup", due: 600_000 } as never);
    expect(t.last?.effects).toEqual([]);
    expect(t.droppedBy()).toEqual(["T-STALE"]);
  });

  it("is cancelled by a keyword answer, as agentSilent is (S-KW-AGENTSILENT), and stops outside serving", () => {
    const t = new Talk(config({ keyword: [{ match: { any: "价格" }, messages: "价格见官网" }] }));
    t.send(message(0, "你好", { route: { agent: "a" } }));
    t.send(message(10, "价格"));
    expect(backupDue(t)).toBeUndefined();
    const offline = new Talk(config());
    offline.send(message(0, "你好", { route: { agent: "a" } }));
    offline.send({ type: "presence", at: 10, online: [] } as never);
    expect(offline.droppedBy()).toContain("T-SERVING-ONLY");
    expect(offline.last?.timers).toEqual([]);
  });

  it("fires its effects without a message", () => {
    const t = new Talk(config());
    t.send(message(0, "你好", { route: { agent: "a" } }));
    t.send({ type: "timer", at: 90, timer: "agentSilent", due: 90_000 } as never);
    expect(t.last?.effects).toEqual([]);
    expect(t.send({ type: "timer", at: 600, timer: "backup", due: 600_000 } as never)).toEqual([]);
    expect(t.last?.effects.map((e) => [e.type, e.by])).toEqual([["alert", "E-BACKUP"], ["transfer", "E-BACKUP"]]);
  });

  it("refuses a backup not later than the reply, one that does nothing, and one to a group the config lacks", () => {
    const at = (backup: unknown) => problemPaths({ app: { replies: { agentSilent: { after: "90s", messages: "x", backup } } } });
    expect(at({ after: "90s", alert: true })).toEqual(["app.replies.agentSilent.backup.after"]);
    expect(at({ after: "10m" })).toEqual(["app.replies.agentSilent.backup"]);
    expect(at({ after: "10m", transfer: { group: "nope" } })).toEqual(["app.replies.agentSilent.backup.transfer.group"]);
    expect(at({ after: "10m", alert: true })).toEqual([]);
  });
});
