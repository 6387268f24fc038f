import { relative, resolve } from "node:path";
import { compile } from "../engine.js";
import { lintConfig } from "../lint/lint.js";
import { AutoreplyError } from "../model/errors.js";
import type { FlatReply, Mismatch } from "../scenario/scenario.js";
import { builtInScenario, findScenarios, loadScenario, readDocument, UsageError } from "./files.js";
import { paint, type Paint } from "./format.js";
import { renderTimeline } from "./timeline.js";

/** Where the command line writes; tests pass their own. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: boolean;
  readonly cwd: string;
}

const USAGE = `usage: autoreply <command> [options]

commands:
  simulate [SCENARIO] [--config FILE] [--json] [--explain]
                                                 run a scenario and print the reply timeline
                                                 (no SCENARIO: the built-in seed 003 example);
                                                 --explain: why each candidate reply fired or not
  test [PATH...]                                 run scenario files' expectations (*.scenario.yaml,
                                                 *.scenario.yml, *.scenario.json under each PATH)
  check CONFIG [--json]                          validate a config and lint it: quota budget, shadowed
                                                 and broad keywords, placeholders, ...; exit 1 on errors
  help                                           this text

see docs/cli.md`;

function showReply(r: FlatReply): string {
  return `${r.kind} [${r.layer}] ${JSON.stringify(r.text)}`;
}

function showMismatch(m: Mismatch, p: Paint): string {
  const lines = [`  step ${m.step}: ${m.message}`];
  if (Array.isArray(m.expected) && Array.isArray(m.actual)) {
    const actual = m.actual as FlatReply[];
    const expected = m.expected as Record<string, unknown>[];
    for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
      const want = expected[i];
      const got = actual[i];
      const wantText = want === undefined ? undefined : Object.entries(want).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ");
      const same = want !== undefined && got !== undefined && Object.entries(want).every(([k, v]) => (got as unknown as Record<string, unknown>)[k] === v);
      if (same) lines.push(p.dim(`      ${showReply(got)}`));
      else {
        if (wantText !== undefined) lines.push(p.bad(`    - { ${wantText} }`));
        if (got !== undefined) lines.push(p.good(`    + ${showReply(got)}`));
      }
    }
  } else {
    lines.push(p.bad(`    - ${JSON.stringify(m.expected)}`), p.good(`    + ${JSON.stringify(m.actual)}`));
  }
  return lines.join("\n");
}

function simulate(args: string[], io: Io, p: Paint): number {
  const json = args.includes("--json");
  const explain = args.includes("--explain");
  const configAt = args.indexOf("--config");
  const config = configAt >= 0 ? args[configAt + 1] : undefined;
  if (configAt >= 0 && (config === undefined || config.startsWith("--"))) throw new UsageError("--config needs a file");
  const rest = args.filter((a, i) => !a.startsWith("--") && (configAt < 0 || i !== configAt + 1));
  if (rest.length > 1) throw new UsageError("simulate takes one scenario");
  const path = rest[0] === undefined ? builtInScenario() : resolve(io.cwd, rest[0]);
  const run = loadScenario(path, config === undefined ? undefined : resolve(io.cwd, config), explain);
  const refused = run.steps.filter((s) => run.unexpectedRefusals.includes(s.step));
  if (json) {
    io.out(JSON.stringify(run.steps.map((s) => ({ step: s.step, at: s.at, event: s.event, phase: s.phase, replies: s.replies, dropped: s.dropped, timers: s.timers, ...(s.trace ? { trace: s.trace } : {}), ...(s.error ? { error: s.error } : {}) })), null, 2));
  } else {
    io.out(`${run.name}  (${relative(io.cwd, path) || path})\n`);
    io.out(renderTimeline(run, p));
  }
  for (const s of refused) io.err(`autoreply: step ${s.step} was refused: ${s.error?.code}: ${s.error?.message}`);
  return refused.length === 0 ? 0 : 1;
}

function test(args: string[], io: Io, p: Paint): number {
  const paths = (args.length === 0 ? ["."] : args).map((a) => resolve(io.cwd, a));
  const files = paths.flatMap(findScenarios);
  if (files.length === 0) throw new UsageError(`no scenario files (*.scenario.yaml, *.scenario.yml, *.scenario.json) under ${args.join(" ") || "."}`);
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const name = relative(io.cwd, file) || file;
    try {
      const run = loadScenario(file);
      if (run.mismatches.length === 0) {
        passed++;
        io.out(`${p.good("ok  ")} ${name}`);
      } else {
        failed++;
        io.out(`${p.bad("FAIL")} ${name}  (${run.name})\n${run.mismatches.map((m) => showMismatch(m, p)).join("\n")}`);
      }
    } catch (e) {
      failed++;
      io.out(`${p.bad("FAIL")} ${name}\n  ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  io.out(`\n${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function check(args: string[], io: Io, p: Paint): number {
  const json = args.includes("--json");
  const files = args.filter((a) => a !== "--json");
  if (files.length !== 1 || files[0] === undefined) throw new UsageError("check takes one config file: autoreply check CONFIG [--json]");
  const name = files[0];
  let engine;
  try {
    engine = compile(readDocument(resolve(io.cwd, name)));
  } catch (e) {
    if (!(e instanceof AutoreplyError) || e.code !== "CONFIG_INVALID") throw e;
    if (json) io.out(JSON.stringify({ config: name, valid: false, problems: e.issues, findings: [] }, null, 2));
    else {
      io.out(`${p.bad("invalid")} ${name}: ${e.issues.length} problem${e.issues.length === 1 ? "" : "s"}`);
      for (const i of e.issues) io.out(`  ${i.path}: expected ${i.expected}, received ${i.received}\n    hint: ${i.hint}`);
    }
    return 1;
  }
  const findings = lintConfig(engine.config);
  const errors = findings.filter((f) => f.severity === "error").length;
  if (json) {
    io.out(JSON.stringify({ config: name, valid: true, problems: [], findings }, null, 2));
  } else {
    const c = engine.config;
    io.out(`${errors > 0 ? p.bad("errors") : p.good("ok")} ${name}: ${c.agents.size} agents, ${c.groups.size} groups, ${c.channels.size} channels, ${c.keywords.words} keyword words`);
    const paint = { error: p.bad, warning: p.warn, info: p.dim } as const;
    for (const f of findings) io.out(`  ${paint[f.severity](`${f.severity} ${f.id}`)} ${f.path}: ${f.message}\n    hint: ${f.hint}`);
    const count = (sev: string) => findings.filter((f) => f.severity === sev).length;
    if (findings.length > 0) io.out(`${count("error")} errors, ${count("warning")} warnings, ${count("info")} notes`);
  }
  return errors > 0 ? 1 : 0;
}

/** Runs the command line; returns the exit code. Errors are one clear line, never a stack trace. */
export function run(argv: readonly string[], io: Io): number {
  const p = paint(io.color);
  const [command, ...args] = argv;
  try {
    switch (command) {
      case "simulate":
        return simulate(args, io, p);
      case "test":
        return test(args, io, p);
      case "check":
        return check(args, io, p);
      case "tables":
        throw new UsageError("tables is not built yet (issue 3)");
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof AutoreplyError) {
      io.err(`autoreply: ${e.message.replace(/^\[autoreply\] /, "")}`);
      return 2;
    }
    io.err(`autoreply: unexpected failure: ${e instanceof Error ? e.message : String(e)} (please report it)`);
    return 70;
  }
}
