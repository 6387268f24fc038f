/**
 * `npm run soak:processes` (scripts/soak-processes.ts) as a child process, as CI runs it: at its
 * default size (100 × 60) on a loaded machine it finishes with no failure, and however it ends (its
 * parent killed by SIGKILL or SIGTERM, or its deadline) no worker process or redis-server of that
 * run is left (issue 27). Needs dist/ (the workers run the package; `npm test` builds it first) and
 * redis-server; the process table is read from /proc (Linux).
 *
 * Each run is a process group of its own (`detached`), marked by an environment variable its workers
 * inherit (redis-server overwrites its environment with its title: it is found by its port). Every
 * process started here is bounded in time and is killed, by group, after each test.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkRedis, hasRedis } from "./redis.js";

checkRedis("tests/soak-processes.test.ts", "npm run soak:processes (worker processes killed by SIGKILL, cleanup of its processes)");

const ROOT = join(import.meta.dirname, "..");
const MARK = "AUTOREPLY_SOAK_RUN";
const hasProc = process.platform === "linux" && existsSync("/proc/self/stat");
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
if (hasRedis && !hasProc) console.warn("tests/soak-processes.test.ts: no /proc (not Linux); npm run soak:processes NOT tested here");

interface Run {
  readonly child: ChildProcess;
  readonly mark: string;
  readonly out: { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The redis-server's port and pid, from the line the soak prints once its workers are ready. */
  redis?: { port: number; pid: number };
}

/** Everything started by a test, killed after it: soak runs (by process group) and load processes. */
const runs: Run[] = [];
const loads: ChildProcess[] = [];

afterEach(async () => {
  for (const load of loads.splice(0)) load.kill("SIGKILL");
  for (const run of runs.splice(0)) {
    for (const target of [-(run.child.pid as number), run.child.pid as number]) {
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // already gone
      }
    }
    // Whatever left the group (nothing should): by mark, and the redis-server by its port.
    if (hasProc) for (const p of leftovers(run)) killQuietly(p.pid);
  }
});

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** `npm run soak:processes` without its build step (dist/ is built), in a process group of its own. */
function soak(env: Record<string, string>): Run {
  const mark = randomUUID();
  const child = spawn(process.execPath, ["--import", "tsx", join("scripts", "soak-processes.ts")], {
    cwd: ROOT,
    env: { ...process.env, CONVERSATIONS: "100", EVENTS: "60", PROGRESS_SECONDS: "5", ...env, [MARK]: mark },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  child.stdout?.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const run: Run = { child, mark, out, exited };
  runs.push(run);
  return run;
}

/** Resolves once the soak has its redis-server and its workers (the line it prints then), or fails. */
async function ready(run: Run, withinMs: number): Promise<{ port: number; pid: number }> {
  let gone = false;
  void run.exited.then(() => (gone = true));
  for (const until = Date.now() + withinMs; ; await sleep(50)) {
    const m = /redis-server pid (\d+) on 127\.0\.0\.1:(\d+)/.exec(run.out.stderr);
    if (m !== null) return (run.redis = { pid: Number(m[1]), port: Number(m[2]) });
    if (gone || Date.now() >= until) break;
  }
  throw new Error(`the soak did not start its workers (${gone ? "it exited" : `in ${withinMs} ms`}):\n${run.out.stderr}`);
}

/** A process as /proc shows it. */
interface Proc {
  readonly pid: number;
  readonly state: string;
  readonly pgrp: number;
  readonly cmdline: string;
  readonly environ: string;
}

function table(): Proc[] {
  const list: Proc[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
      const [state = "", , pgrp = ""] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      let environ = "";
      try {
        environ = readFileSync(`/proc/${name}/environ`, "utf8");
      } catch {
        // another user's process
      }
      list.push({ pid: Number(name), state, pgrp: Number(pgrp), cmdline, environ });
    } catch {
      // gone meanwhile
    }
  }
  return list;
}

/**
 * The live processes (zombies are gone: they only wait to be reaped) a run started: marked by its
 * environment variable, in its process group, or its redis-server (by port), the soak's parent aside.
 */
function leftovers(run: Run): Proc[] {
  return table().filter(
    (p) =>
      p.state !== "Z" &&
      p.pid !== run.child.pid &&
      (p.environ.split("\0").includes(`${MARK}=${run.mark}`) || p.pgrp === run.child.pid || (run.redis !== undefined && (p.pid === run.redis.pid || p.cmdline.startsWith(`redis-server 127.0.0.1:${run.redis.port}`)))),
  );
}

/** Waits (at most `withinMs`) until nothing the run started is alive; resolves what still is. */
async function settled(run: Run, withinMs: number): Promise<string[]> {
  let left = leftovers(run);
  for (const until = Date.now() + withinMs; left.length > 0 && Date.now() < until; left = leftovers(run)) await sleep(100);
  return left.map((p) => `${p.pid} ${p.state} ${p.cmdline}`);
}

/** The report's table: measure → value. */
function report(stdout: string): Map<string, string> {
  return new Map([...stdout.matchAll(/^\| (.+?) \| (.+?) \|$/gm)].map((m) => [m[1] as string, m[2] as string]));
}

describe.skipIf(!hasRedis || !hasProc)("npm run soak:processes", () => {
  it("finishes its default size (100 × 60) on a loaded machine with no failure, at most 8 workers at once, and leaves nothing", async () => {
    expect(existsSync(join(ROOT, "dist", "host.js")), "dist/ is missing: npm run build (npm test builds it first)").toBe(true);
    // Two busy loops beside it (CI has 2 cores), each ending by itself within 4 minutes.
    for (let i = 0; i < 2; i++) loads.push(spawn(process.execPath, ["-e", "for (const end = Date.now() + 240000; Date.now() < end; );"], { stdio: "ignore" }));
    const run = soak({ DEADLINE_SECONDS: "170" });
    const { code, signal } = await run.exited;
    expect({ code, signal }, `${run.out.stdout}\n${run.out.stderr}`).toEqual({ code: 0, signal: null });
    const rows = report(run.out.stdout);
    expect(rows.get("conversations × events, worker processes")).toBe("100 × 60, 4");
    for (const failure of ["state updates lost", "messages sent twice under two keys", "messages never sent", "conversations whose messages went out in another order"]) {
      expect(rows.get(failure), `${failure}\n${run.out.stdout}`).toBe("0");
    }
    expect(Number(rows.get("workers killed (SIGKILL, anywhere in a step)"))).toBeGreaterThan(0);
    const [, most] = /\((\d+)\)/.exec(rows.get("worker processes started (most alive at once, starting ones included)") ?? "") ?? [];
    expect(Number(most)).toBeGreaterThanOrEqual(4);
    expect(Number(most)).toBeLessThanOrEqual(8);
    expect(rows.get("p99 latency of a push (sent to a worker until it answered)")).toMatch(/^\d+(\.\d)? ms$/);
    await ready(run, 0); // the redis-server's port and pid, for the check below
    expect(await settled(run, 5000)).toEqual([]);
  }, 200_000);

  it.each(["SIGKILL", "SIGTERM"] as const)("leaves no worker or redis-server behind when its parent is killed midway by %s", async (sig) => {
    // Four times the default size: far from done 1.5 s after its start, on any machine.
    const run = soak({ DEADLINE_SECONDS: "120", CONVERSATIONS: "400" });
    await ready(run, 60_000);
    await sleep(1500); // midway: pushing, with kills and workers starting
    const before = leftovers(run);
    expect(before.some((p) => p.pid === run.redis?.pid), "its redis-server runs").toBe(true);
    expect(before.filter((p) => p.cmdline.includes("soak-worker.mjs")).length, "its workers run").toBeGreaterThan(0);
    expect(run.child.exitCode, "still running").toBeNull();
    run.child.kill(sig); // the parent alone, not its group
    const { code, signal } = await run.exited;
    if (sig === "SIGKILL") expect(signal).toBe("SIGKILL");
    else {
      expect(code).toBe(143);
      expect(run.out.stderr).toMatch(/SIGTERM; stopping\. Reached: .*pushes answered/);
    }
    expect(await settled(run, 15_000)).toEqual([]);
  }, 100_000);

  it("stops at its deadline (DEADLINE_SECONDS): says what it reached, exits 2, and leaves nothing", async () => {
    // Ten times the default size: far from done in 4 s.
    const run = soak({ DEADLINE_SECONDS: "4", CONVERSATIONS: "1000" });
    const { code } = await run.exited;
    expect(code, `${run.out.stdout}\n${run.out.stderr}`).toBe(2);
    expect(run.out.stderr).toMatch(/the deadline of 4 s \(DEADLINE_SECONDS\) passed; stopping\. Reached: /);
    await ready(run, 0).catch(() => undefined); // when it got that far
    expect(await settled(run, 15_000)).toEqual([]);
  }, 60_000);
});
