import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { stringify as stringifyYaml } from "yaml";
import { serveFolder } from "./serve.js";
import { parseArgs, type ParseArgsConfig } from "node:util";
// The engine and the tools through their entries: the built CLI imports dist/index.js and dist/tools.js
// instead of bundling a copy of each (tsup.config.ts, `sameEntries`).
import { AutoreplyError, compile, formatDuration, parseConfig, parseDuration } from "../core/index.js";
import { edgeScenarios } from "../tools/scenario/edges.js";
import { __internal as tools, decisionTables, LogDiff, lintConfig, parseBatch, runBatch, type DiffSummary, type FirstChange, type Outcome } from "../tools/index.js";
import { LogStats, statsByRule, statsCsv, statsSvg, type StatsSummary } from "./stats.js";
import type { FlatReply, Mismatch } from "../tools/scenario/scenario.js";
import { builtIn, findScenarios, loadScenario, parseDocumentText, readBounded, readDocument, readText, UsageError } from "./files.js";
import { applyToSource, fixEdit, lineDiff, writeFix } from "./fix.js";
import type { Route } from "../core/model/types.js";
import { displayWidth, paint, type Paint } from "./format.js";
import { renderTimeline } from "./timeline.js";
import { forEachLine } from "./lines.js";
import { inFileOrder, parseWithPositions, placeIssues, positionsOf, syntaxProblems, type PlacedIssue, type Position } from "../tools/positions.js";

/** Where the command line reads and writes; tests pass their own. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: boolean;
  readonly cwd: string;
  /** Standard input, read whole (at most `MAX_INPUT_BYTES`), for a file named `-`. */
  readonly stdin?: () => string;
  /** The package's version, for `--version`. */
  readonly version?: string;
}

/** What each command takes: its options (for `parseArgs`), how many operands, its usage and what it does. */
const COMMANDS = {
  simulate: {
    options: { config: { type: "string" }, json: { type: "boolean" }, explain: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    most: 1,
    usage: "autoreply simulate [SCENARIO] [--config FILE] [--json] [--explain]",
    about: ["run a scenario and print the reply timeline (no SCENARIO: the built-in seed 003", "example); --config replaces its config; --explain: why each candidate reply fired or not"],
  },
  test: {
    options: { messages: { type: "string" }, config: { type: "string" }, channel: { type: "string" }, route: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    most: Infinity,
    usage: "autoreply test [PATH...] | autoreply test --messages FILE [--config FILE] [--channel NAME] [--route queue|agent:ID|robot|offline] [--json]",
    about: ["run scenario files' expectations (*.scenario.yaml, *.scenario.yml, *.scenario.json", "under each PATH, default .); --messages: a batch of test messages (a line each, or CSV", "text,kinds,tags), each in a conversation of its own, and the flow report; exit 1 on any mismatch"],
  },
  check: {
    options: { json: { type: "boolean" }, fix: { type: "boolean" }, "dry-run": { type: "boolean" }, depth: { type: "string" }, channels: { type: "string" }, help: { type: "boolean", short: "h" } },
    most: 1,
    usage: "autoreply check CONFIG [--json] [--depth N] [--channels A,B] [--fix [--dry-run]]",
    about: ["validate a config and lint it: quota budget, keywords, placeholders, risk words, links, ...;", "exit 1 on errors; --depth: how deep the quota budget's search goes (default 4, 0 skips it);", "--channels: the channels the config serves (default: those its channels and app.channels name),", "where a link they refuse is an error; --fix rewrites risk words in the file (comments kept), --dry-run shows how"],
  },
  diff: {
    options: { json: { type: "boolean" }, "fail-on-change": { type: "boolean" }, help: { type: "boolean", short: "h" } },
    most: 3,
    usage: "autoreply diff OLD_CONFIG NEW_CONFIG EVENTS [--json] [--fail-on-change]",
    about: ["replay an event log (JSON Lines of { conversation, channel, event }) through both", "configs: each conversation's first changed decision, then a summary; exit 1 on a change with --fail-on-change"],
  },
  stats: {
    options: { json: { type: "boolean" }, csv: { type: "boolean" }, svg: { type: "string" }, within: { type: "string" }, zone: { type: "string" }, help: { type: "boolean", short: "h" } },
    most: 2,
    usage: "autoreply stats CONFIG EVENTS [--json | --csv] [--svg DIR] [--within 10m] [--zone Asia/Shanghai]",
    about: ["replay an event log through the config and count, by rule and hour: set off, sent, dropped", "by each reason (suppressed by each rule), and what followed a reply within --within (a transfer,", "a tag, the visitor writing again); --csv and --json by hour, --svg a chart per rule; broken lines are reported"],
  },
  edges: {
    options: { out: { type: "string" }, channel: { type: "string" }, help: { type: "boolean", short: "h" } },
    most: 1,
    usage: "autoreply edges CONFIG [--out DIR] [--channel NAME]",
    about: ["write scenario files for the boundaries the config creates (a message 1 ms before and", "after each timer, interval, window end and the quota's last slot), to review with simulate"],
  },
  prove: {
    options: { out: { type: "string" }, channel: { type: "string" }, depth: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    most: 1,
    usage: "autoreply prove CONFIG [--channel NAME] [--depth N] [--limit N] [--out DIR] [--json]",
    about: ["explore the situations a conversation can reach (bounded breadth-first) and check: the most", "automatic messages between two visitor messages, that the agent keeps a slot, that no reply", "goes out twice in a row, that every rule is reachable; counterexamples as scenario files; exit 1 on a failure"],
  },
  playground: {
    options: { port: { type: "string" }, help: { type: "boolean", short: "h" } },
    most: 0,
    usage: "autoreply playground [--port N]",
    about: ["serve the operators' playground on 127.0.0.1 (a page that runs the engine in the browser:", "write a config, play a conversation, see why each reply went out); Ctrl-C stops it"],
  },
  tables: {
    options: { config: { type: "string" }, help: { type: "boolean", short: "h" } },
    most: 0,
    usage: "autoreply tables [--config FILE]",
    about: ["the decision tables and state diagram, generated by running the engine", "(default: the built-in example config)"],
  },
} as const satisfies Record<string, { options: ParseArgsConfig["options"]; most: number; usage: string; about: readonly string[] }>;

const USAGE = [
  "usage: autoreply <command> [options]",
  "",
  "commands:",
  ...Object.values(COMMANDS).flatMap((c) => [`  ${c.usage.replace("autoreply ", "")}`, ...c.about.map((line) => `      ${line}`)]),
  "",
  "A FILE, CONFIG or SCENARIO of - is read from standard input. Every command takes --help;",
  "autoreply --version (-V) prints the version. See docs/cli.md.",
].join("\n");

type Command = keyof typeof COMMANDS;
type Args<C extends Command> = { values: { [K in keyof (typeof COMMANDS)[C]["options"]]?: (typeof COMMANDS)[C]["options"][K] extends { type: "string" } ? string : boolean }; positionals: string[] };

/** The command's arguments, strictly: an unknown option, a missing value or an extra operand is a usage error. */
function parse<C extends Command>(command: C, args: readonly string[]): Args<C> {
  const spec = COMMANDS[command];
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: spec.options, allowPositionals: true, strict: true });
  } catch (e) {
    // Node's messages end with a sentence about positionals or "--"; the first sentence is the point.
    const message = (e as Error).message.split(/\. |\n/)[0]?.replace(/\.$/, "") ?? "bad arguments";
    throw new UsageError(`${command}: ${message.charAt(0).toLowerCase()}${message.slice(1)}; usage: ${spec.usage}`);
  }
  if (parsed.positionals.length > spec.most) {
    throw new UsageError(`${command} takes ${spec.most === 0 ? "no operand" : spec.most === 1 ? "at most one file" : "files"}, received ${parsed.positionals.length}; usage: ${spec.usage}`);
  }
  return parsed as unknown as Args<C>;
}

/** A path from the command line: `-` (standard input) stays as it is. */
function pathOf(io: Io, arg: string): string {
  return arg === "-" ? "-" : resolve(io.cwd, arg);
}

/** Standard input, readable once: a second `-` on the same command line is an error. */
function once(io: Io): () => string {
  let read = false;
  return () => {
    if (read) throw new UsageError("standard input (-) was named twice; it can be read once");
    read = true;
    if (io.stdin === undefined) throw new UsageError("this command line has no standard input to read");
    return io.stdin();
  };
}

/** One line for an error, whatever it holds: a config's problems are joined, each with its path. */
export function oneLine(e: UsageError | AutoreplyError): string {
  const message = e.message.replace(/^\[autoreply\] /, "");
  if (!(e instanceof AutoreplyError) || e.issues.length === 0 || !message.includes("\n")) return message.replace(/\s*\n\s*/g, " ");
  const head = message.split("\n")[0]?.replace(/:$/, "") ?? message;
  const shown = e.issues.slice(0, 5).map((i) => `${i.path}: expected ${i.expected}, received ${i.received} (${i.hint})`);
  return `${head}: ${shown.join("; ")}${e.issues.length > 5 ? `; and ${e.issues.length - 5} more (autoreply check lists them all)` : ""}`;
}

/** An item of a step: a reply as kind, layer and text; a drop or an effect by its fields. */
function showReply(r: FlatReply | Readonly<Record<string, unknown>>): string {
  if ("text" in r && "layer" in r) return `${String(r.kind)} [${String(r.layer)}] ${JSON.stringify(r.text)}`;
  return `{ ${Object.entries(r).filter(([k]) => k !== "detail").map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ")} }`;
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
      const same = want !== undefined && got !== undefined && tools.matches(want, got as unknown as Record<string, unknown>);
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

function simulate(args: readonly string[], io: Io, p: Paint): number {
  const { values, positionals } = parse("simulate", args);
  if (values.help === true) return help(io, "simulate");
  const stdin = once(io);
  const path = positionals[0] === undefined ? builtIn("seed-003.scenario.yaml") : pathOf(io, positionals[0]);
  const run = loadScenario(path, { ...(values.config === undefined ? {} : { config: pathOf(io, values.config) }), explain: values.explain === true, cwd: io.cwd, stdin });
  const json = values.json === true;
  const refused = run.steps.filter((s) => run.unexpectedRefusals.includes(s.step));
  if (json) {
    io.out(JSON.stringify(run.steps.map((s) => ({ step: s.step, at: s.at, event: s.event, phase: s.phase, replies: s.replies, dropped: s.dropped, timers: s.timers, effects: s.effects, ...(s.trace ? { trace: s.trace } : {}), ...(s.error ? { error: s.error } : {}) })), null, 2));
  } else {
    io.out(`${run.name}  (${path === "-" ? "standard input" : relative(io.cwd, path) || path})\n`);
    io.out(renderTimeline(run, p));
  }
  for (const s of refused) io.err(`autoreply: step ${s.step} was refused: ${s.error?.code}: ${s.error?.message.replace(/\s*\n\s*/g, " ")}`);
  return refused.length === 0 ? 0 : 1;
}

function test(args: readonly string[], io: Io, p: Paint): number {
  const { values, positionals } = parse("test", args);
  if (values.help === true) return help(io, "test");
  if (values.messages !== undefined) {
    if (positionals.length > 0) throw new UsageError("test takes scenario paths, or --messages FILE: not both");
    return batch(values, io, p);
  }
  for (const option of ["config", "channel", "route", "json"] as const) if (values[option] !== undefined) throw new UsageError(`--${option} goes with --messages`);
  const paths = (positionals.length === 0 ? ["."] : positionals).map((a) => resolve(io.cwd, a));
  const files = paths.flatMap(findScenarios);
  if (files.length === 0) throw new UsageError(`no scenario files (*.scenario.yaml, *.scenario.yml, *.scenario.json) under ${positionals.join(" ") || "."}`);
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const name = relative(io.cwd, file) || file;
    try {
      const run = loadScenario(file, { cwd: io.cwd });
      if (run.mismatches.length === 0) {
        passed++;
        io.out(`${p.good("ok  ")} ${name}`);
      } else {
        failed++;
        io.out(`${p.bad("FAIL")} ${name}  (${run.name})\n${run.mismatches.map((m) => showMismatch(m, p)).join("\n")}`);
      }
    } catch (e) {
      failed++;
      if (!(e instanceof UsageError || e instanceof AutoreplyError)) throw e;
      io.out(`${p.bad("FAIL")} ${name}\n  ${oneLine(e)}`);
    }
  }
  io.out(`\n${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

/** Where a batch's messages arrive: `queue` (the default), `agent:ID`, `robot`, or `offline` (nobody online). */
function batchPlace(route: string | undefined, agents: readonly string[]): { route?: Route; online: readonly string[] } {
  if (route === undefined || route === "queue") return { route: { queue: 1 }, online: agents };
  if (route === "robot") return { route: { robot: true }, online: agents };
  if (route === "offline") return { route: { queue: 1 }, online: [] };
  if (route.startsWith("agent:")) return { route: { agent: route.slice(6) }, online: agents };
  throw new UsageError(`--route ${JSON.stringify(route)}: use queue, agent:ID, robot or offline`);
}

/** `autoreply test --messages FILE`: seed 002 line 31, 200 test messages before going live. */
function batch(values: { messages?: string | undefined; config?: string | undefined; channel?: string | undefined; route?: string | undefined; json?: boolean | undefined }, io: Io, p: Paint): number {
  const file = values.messages as string;
  const stdin = once(io);
  const engine = compile(parseConfig(readDocument(values.config === undefined ? builtIn("seed-003.config.yaml") : pathOf(io, values.config), stdin)));
  const channel = values.channel ?? "web";
  const place = batchPlace(values.route, [...engine.config.agents.keys()]);
  let messages;
  try {
    messages = parseBatch(readText(pathOf(io, file), stdin), file.toLowerCase().endsWith(".csv"));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  if (messages.length === 0) throw new UsageError(`${file} holds no messages: write one message a line, or CSV with a text column`);
  const report = runBatch(engine, messages, { channel, ...place });
  if (values.json === true) {
    io.out(JSON.stringify(report, null, 2));
    return report.failed === 0 ? 0 : 1;
  }
  for (const r of report.results) {
    const got = r.replies.length === 0 ? p.dim("no reply") : r.replies.join(", ");
    const tags = r.tags.length === 0 ? "" : `  tags: ${r.tags.join(", ")}`;
    io.out(`${r.problems.length === 0 ? p.good("ok  ") : p.bad("FAIL")} ${String(r.line).padStart(4)}  ${JSON.stringify(r.text)} → ${got}${tags}`);
    for (const problem of r.problems) io.out(`        ${p.bad(problem)}`);
  }
  const n = report.results.length;
  io.out(`\n${n} message${n === 1 ? "" : "s"} on ${channel}: ${n - report.noKeyword} answered by a keyword rule, ${report.noKeyword} by none`);
  for (const [reply, k] of report.byReply) io.out(`  ${String(k).padStart(5)}  ${reply}`);
  for (const [tag, k] of report.byTag) io.out(`  ${String(k).padStart(5)}  tag ${tag}`);
  io.out(`${n - report.failed} passed, ${report.failed} failed`);
  return report.failed === 0 ? 0 : 1;
}

/** `check --channels A,B`: the channels the config serves, each one it has (C-LINK-LINT); nothing when not given. */
function channelsOption(value: string | undefined, known: readonly string[]): { channels?: string[] } {
  if (value === undefined) return {};
  const channels = value.split(",").map((c) => c.trim()).filter((c) => c !== "");
  const unknown = channels.filter((c) => !known.includes(c));
  if (channels.length === 0 || unknown.length > 0) throw new UsageError(`--channels ${JSON.stringify(value)}: name the channels the config serves, separated by commas, from: ${known.join(", ")}`);
  return { channels };
}

/** A whole number option of at least `least` (1 unless told), or the default. */
function countOption(value: string | undefined, name: string, fallback: number, least = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(n) || n < least) throw new UsageError(`--${name} takes a whole number of ${least} or more, received ${JSON.stringify(value)}`);
  return n;
}

/** Where the built playground is: the autoreply-console package's dist/ where it is installed, or console/dist in a clone. */
export function playgroundDir(cwd = process.cwd()): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  // The console's own package, where the project installed it (or beside this package), then this
  // repository's workspace from dist/cli.js or from src/cli/main.ts.
  const installed = [join(cwd, "package.json"), join(here, "..", "package.json")].flatMap((from) => {
    try {
      return [join(dirname(createRequire(from).resolve("autoreply-console/package.json")), "dist")];
    } catch {
      return [];
    }
  });
  return [...installed, join(here, "..", "console", "dist"), join(here, "..", "..", "console", "dist")].find((d) => existsSync(join(d, "index.html")));
}

/** What `autoreply playground` says where the page is not there: it is a package of its own, as vitest's UI is. */
export const PLAYGROUND_MISSING =
  "the playground is its own package, autoreply-console: install it beside autoreply-engine (npm install -D autoreply-console) and run this again; until its first release, from a clone of the repository: npm ci && npm run playground";

/** `autoreply playground`: issue 15. Serves the page until the process is stopped. */
function playground(args: readonly string[], io: Io): number {
  const { values } = parse("playground", args);
  if (values.help === true) return help(io, "playground");
  const port = values.port === undefined ? 4173 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port takes a port number (0 for any free one), received ${JSON.stringify(values.port)}`);
  const dir = playgroundDir();
  // The page is not part of the engine's package (issue 28: 4.4 MB of it); a clone builds it.
  if (dir === undefined) throw new UsageError(PLAYGROUND_MISSING);
  serveFolder(dir, port).then(
    ({ url }) => io.out(`autoreply playground: ${url}  (the engine runs in the page; Ctrl-C stops this server)`),
    (e: unknown) => {
      io.err(`autoreply playground: ${e instanceof Error ? e.message : String(e)}${port !== 0 ? ` (try --port ${port + 1}, or --port 0 for any free port)` : ""}`);
      process.exitCode = 1;
    },
  );
  return 0;
}

/** The config file and the channel of `prove` and `edges`: compiled, and the channel checked. */
function configOnChannel(command: "prove" | "edges", values: { readonly channel?: string | undefined }, positionals: readonly string[], io: Io): { file: string; configPath: string; engine: ReturnType<typeof compile>; channel: string } {
  const file = positionals[0];
  if (file === undefined || file === "-") throw new UsageError(`${command} takes one config file; usage: ${COMMANDS[command].usage}`);
  const configPath = pathOf(io, file);
  const engine = compile(parseConfig(readDocument(configPath)));
  const channel = values.channel ?? "miniprogram";
  if (!engine.config.channels.has(channel)) throw new UsageError(`--channel ${JSON.stringify(channel)}: the config's channels are ${[...engine.config.channels.keys()].join(", ")}`);
  return { file, configPath, engine, channel };
}

/** Writes a scenario file `name` into `out`, headed by how to replay it; returns its path as the user would type it. */
function writeScenario(io: Io, out: string, name: string, command: string, file: string, doc: Readonly<Record<string, unknown>>): string {
  mkdirSync(out, { recursive: true });
  const shown = join(relative(io.cwd, out) || ".", name);
  writeFileSync(join(out, name), `# Written by autoreply ${command} ${file}: replay with autoreply simulate ${shown}\n${stringifyYaml(doc, { lineWidth: 0, aliasDuplicateObjects: false })}`);
  return shown;
}

/** `autoreply prove CONFIG`: issue 16, item 3. */
function proveCommand(args: readonly string[], io: Io, p: Paint): number {
  const { values, positionals } = parse("prove", args);
  if (values.help === true) return help(io, "prove");
  const { file, configPath, engine, channel } = configOnChannel("prove", values, positionals, io);
  const proof = tools.prove(engine, { channel, depth: countOption(values.depth, "depth", 6), limit: countOption(values.limit, "limit", 20_000) });
  const out = resolve(io.cwd, values.out ?? "prove");
  const written: Record<string, string> = {};
  for (const property of proof.properties) {
    if (property.path === undefined) continue;
    const steps = property.path.map((s, i, all) => ({ at: formatDuration(s.at), ...(s.event === null ? {} : { event: s.event }), note: i === all.length - 1 ? `${s.note}; ${property.holds ? "the worst case" : "the violation"}: ${property.summary}` : s.note }));
    const doc = { name: `${property.id} on ${channel}: ${property.summary}`, channel, config: relative(out, configPath), visitor: { nickname: "小明" }, online: proof.agent === null ? [] : [proof.agent], steps };
    written[property.id] = writeScenario(io, out, `prove-${property.id}.scenario.yaml`, "prove", file, doc);
  }
  const failed = proof.properties.filter((x) => !x.holds).length;
  if (values.json === true) {
    io.out(JSON.stringify({ ...proof, properties: proof.properties.map((x) => ({ ...x, ...(written[x.id] === undefined ? {} : { scenario: written[x.id] }) })) }, null, 2));
    return failed > 0 ? 1 : 0;
  }
  for (const x of proof.properties) {
    io.out(`${x.holds ? p.good("holds") : p.bad("fails")}  ${x.id}: ${x.summary}`);
    if (written[x.id] !== undefined) io.out(`       ${p.dim(`${x.holds ? "its worst case" : "counterexample"}: autoreply simulate ${written[x.id]}`)}`);
  }
  io.out(`${proof.properties.length - failed} hold, ${failed} fail${proof.complete ? "" : ` (the search stopped at ${proof.situations.toLocaleString("en-US")} situations: raise --limit to go further)`}`);
  return failed > 0 ? 1 : 0;
}

/** `autoreply edges CONFIG`: issue 16, item 4. */
function edges(args: readonly string[], io: Io, p: Paint): number {
  const { values, positionals } = parse("edges", args);
  if (values.help === true) return help(io, "edges");
  const { file, configPath, engine, channel } = configOnChannel("edges", values, positionals, io);
  const out = resolve(io.cwd, values.out ?? "edges");
  const scenarios = edgeScenarios(engine, channel);
  if (scenarios.length === 0) {
    io.out(`no edges: the config sets no timer, interval, window or quota on ${channel}`);
    return 0;
  }
  for (const s of scenarios) {
    const doc = { name: s.name, channel: s.channel, config: relative(out, configPath), ...(s.start === undefined ? {} : { start: s.start }), online: s.online, steps: s.steps };
    io.out(`${p.good("wrote")} ${writeScenario(io, out, s.file, "edges", file, doc)}  ${p.dim(s.name)}`);
  }
  io.out(`${scenarios.length} scenario files in ${relative(io.cwd, out) || "."}`);
  return 0;
}

/** Where a problem or a finding is, as compilers print it (`file:line:column:`): editors and CI annotations jump to it. */
function located(where: string, at: Position): string {
  return `${where}:${at.line}:${at.column}:`;
}

function check(args: readonly string[], io: Io, p: Paint): number {
  const { values, positionals } = parse("check", args);
  if (values.help === true) return help(io, "check");
  const json = values.json === true;
  const file = positionals[0];
  if (file === undefined) throw new UsageError(`check takes one config file; usage: ${COMMANDS.check.usage}`);
  if (values["dry-run"] === true && values.fix !== true) throw new UsageError("--dry-run goes with --fix: it shows what --fix would write");
  if (values.fix === true && (file === "-" || json)) throw new UsageError("--fix rewrites a config file in place: name the file, without --json");
  const name = file === "-" ? "standard input" : file;
  // A location's file as the command line named it; standard input as compilers name it.
  const where = file === "-" ? "<stdin>" : file;
  const path = pathOf(io, file);
  const original = readText(path, once(io));
  // Parsed once: the config's value, and where each of its paths is in the text (YAML or JSON).
  const { doc, counter } = parseWithPositions(original);
  const invalid = (problems: readonly PlacedIssue[]): number => {
    if (json) io.out(JSON.stringify({ config: name, valid: false, problems, findings: [] }, null, 2));
    else {
      io.out(`${p.bad("invalid")} ${name}: ${problems.length} problem${problems.length === 1 ? "" : "s"}`);
      for (const i of problems) io.out(`${located(where, i)} ${p.bad("error")} ${i.path === "(YAML)" ? `YAML syntax: ${i.received}` : `${i.path}: expected ${i.expected}, received ${i.received}`}\n  hint: ${i.hint}`);
    }
    return 1;
  };
  // Every syntax error the parser reports, not only the first.
  const syntax = syntaxProblems(doc, counter, original);
  if (syntax.length > 0) return invalid(syntax.map((x) => ({ path: "(YAML)", expected: "valid YAML or JSON", received: x.message, hint: x.hint, line: x.line, column: x.column })));
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new UsageError(`${name} is not valid YAML or JSON: ${(e as Error).message.split("\n")[0] ?? ""}`);
  }
  let input;
  let engine;
  try {
    input = parseConfig(raw);
    engine = compile(input);
  } catch (e) {
    if (!(e instanceof AutoreplyError) || e.code !== "CONFIG_INVALID") throw e;
    return invalid(placeIssues(doc, counter, original, e.issues));
  }
  const lintOptions = { now: Date.now(), depth: countOption(values.depth, "depth", tools.BUDGET_DEPTH, 0), ...channelsOption(values.channels, [...engine.config.channels.keys()]) };
  let findings = lintConfig(engine.config, lintOptions);
  let position = positionsOf(doc, counter);
  if (values.fix === true) {
    const edit = fixEdit(input, findings);
    if (edit === undefined) io.out(`nothing to fix in ${name}: no risk word with a suggested rewrite`);
    else {
      const fixed = applyToSource(original, edit.patches);
      const words = findings.filter((f) => f.fix !== undefined).length;
      if (values["dry-run"] === true) {
        for (const line of lineDiff(original, fixed, name)) io.out(line.startsWith("-") && !line.startsWith("---") ? p.bad(line) : line.startsWith("+") && !line.startsWith("+++") ? p.good(line) : line);
        io.out(`--fix would rewrite ${words} risk word${words === 1 ? "" : "s"} in ${edit.patches.length} text${edit.patches.length === 1 ? "" : "s"} of ${name}; nothing was written`);
      } else {
        writeFix(path, original, fixed);
        io.out(`fixed ${words} risk word${words === 1 ? "" : "s"} in ${edit.patches.length} text${edit.patches.length === 1 ? "" : "s"} of ${name} (comments and layout kept)`);
        engine = edit.engine;
        findings = lintConfig(engine.config, lintOptions);
        const written = parseWithPositions(fixed);
        position = positionsOf(written.doc, written.counter);
      }
    }
  }
  // Errors first, as lintConfig gives them, then warnings and notes; each in file order, at the node its path names (or the nearest parent the text has).
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const placed = inFileOrder(findings.map((f) => ({ ...f, ...position(f.path) }))).sort((a, b) => rank[a.severity] - rank[b.severity]);
  const errors = placed.filter((f) => f.severity === "error").length;
  if (json) {
    io.out(JSON.stringify({ config: name, valid: true, problems: [], findings: placed }, null, 2));
  } else {
    const c = engine.config;
    io.out(`${errors > 0 ? p.bad("errors") : p.good("ok")} ${name}: ${c.agents.size} agents, ${c.groups.size} groups, ${c.channels.size} channels, ${c.keywords.words} keyword words`);
    const paint = { error: p.bad, warning: p.warn, info: p.dim } as const;
    for (const f of placed) io.out(`${located(where, f)} ${paint[f.severity](`${f.severity} ${f.id}`)} ${f.path}: ${f.message}\n  hint: ${f.hint}`);
    const count = (sev: string) => placed.filter((f) => f.severity === sev).length;
    if (placed.length > 0) io.out(`${count("error")} errors, ${count("warning")} warnings, ${count("info")} notes`);
  }
  return errors > 0 ? 1 : 0;
}

function diff(args: readonly string[], io: Io, p: Paint): number {
  const { values, positionals } = parse("diff", args);
  if (values.help === true) return help(io, "diff");
  const [oldFile, newFile, eventsFile] = positionals;
  if (oldFile === undefined || newFile === undefined || eventsFile === undefined) throw new UsageError(`diff takes two configs and an event log; usage: ${COMMANDS.diff.usage}`);
  if ([oldFile, newFile, eventsFile].filter((f) => f === "-").length > 1) throw new UsageError("only one of the files can be standard input (-)");
  const load = (file: string) => compile(parseConfig(readDocument(pathOf(io, file), once(io))));
  const logDiff = new LogDiff(load(oldFile), load(newFile));
  const changes: FirstChange[] = [];
  forEachLine(eventsFile === "-" ? "-" : pathOf(io, eventsFile), (text, n) => {
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      throw new UsageError(`${eventsFile}: line ${n} is not JSON; an event log has one { conversation, channel, event } per line`);
    }
    const change = logDiff.push(line, n);
    if (change === undefined) return;
    if (values.json === true) changes.push(change);
    else io.out(renderChange(change, p));
  });
  const summary = logDiff.summary();
  if (values.json === true) io.out(JSON.stringify({ summary, changes }, null, 2));
  else io.out(renderSummary(summary, p));
  return values["fail-on-change"] === true && summary.affected > 0 ? 1 : 0;
}

function stats(args: readonly string[], io: Io): number {
  const { values, positionals } = parse("stats", args);
  if (values.help === true) return help(io, "stats");
  const [configFile, eventsFile] = positionals;
  if (configFile === undefined || eventsFile === undefined) throw new UsageError(`stats takes a config and an event log; usage: ${COMMANDS.stats.usage}`);
  if (values.json === true && values.csv === true) throw new UsageError("stats: --json or --csv, not both");
  const within = values.within === undefined ? 600_000 : parseDuration(values.within);
  if (within === undefined) throw new UsageError(`stats: --within takes a duration such as 10m or 1h, received ${JSON.stringify(values.within)}`);
  const zone = values.zone ?? "Asia/Shanghai";
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
  } catch {
    throw new UsageError(`stats: --zone takes a time zone such as Asia/Shanghai, received ${JSON.stringify(zone)}`);
  }
  const counting = new LogStats(compile(parseConfig(readDocument(pathOf(io, configFile), once(io)))), within);
  forEachLine(pathOf(io, eventsFile), (text, n) => counting.push(text, n));
  const s = counting.summary();
  if (values.svg !== undefined) {
    const dir = resolve(io.cwd, values.svg);
    mkdirSync(dir, { recursive: true });
    for (const r of statsByRule(s)) writeFileSync(join(dir, `${r.kind}-${r.rule}.svg`.replace(/[^\w.\u4e00-\u9fff-]+/g, "_")), statsSvg(s, r.kind, r.rule, zone));
  }
  if (values.json === true) io.out(JSON.stringify(s, null, 2));
  else if (values.csv === true) io.out(statsCsv(s, zone));
  else io.out(renderStats(s, within));
  return 0;
}

function renderStats(s: StatsSummary, within: number): string {
  const rows = statsByRule(s).map((r) => {
    const dropped = Object.entries(r.dropped).sort(([a], [b]) => a.localeCompare(b)).map(([reason, n]) => `${reason} ${n}`).join(", ");
    return [r.kind, r.rule, String(r.exposures), String(r.sent), dropped === "" ? "-" : dropped, String(r.followed.transfer), String(r.followed.tag), String(r.followed.wroteAgain)];
  });
  const head = ["kind", "rule", "set off", "sent", "dropped", "transfer", "tag", "wrote again"];
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] as string))));
  const line = (cells: readonly string[]) => cells.map((c, i) => c + " ".repeat((widths[i] as number) - displayWidth(c))).join("  ").trimEnd();
  const lines = [`${s.events} events, ${s.conversations} conversations; what followed a sent reply within ${formatDuration(within)}: a transfer, a tag, the visitor writing again`, "", line(head), ...rows.map(line)];
  for (const [code, n] of Object.entries(s.refused)) lines.push(`refused: ${n} events (${code})`);
  if (s.broken.count > 0) lines.push(`broken lines: ${s.broken.count}, not counted${s.broken.lines.map((b) => `\n  line ${b.line}: ${b.error}`).join("")}`);
  return lines.join("\n");
}

function renderOutcome(o: Outcome, sign: string): string[] {
  if ("refused" in o) return [`  ${sign} refused ${o.refused}`];
  if (o.replies.length === 0) return [`  ${sign} (nothing)`];
  return o.replies.map((r) => `  ${sign} ${r.kind} ${r.rule}: ${r.text}`);
}

function renderChange(c: FirstChange, p: Paint): string {
  const event = c.event as unknown as Readonly<Record<string, unknown>>;
  const text = typeof event["text"] === "string" ? ` ${JSON.stringify(event["text"])}` : "";
  return [`${p.warn("changed")} ${c.conversation}, event ${c.step} (${String(event["type"])}${text} at ${String(event["at"])}):`, ...renderOutcome(c.old, "-").map(p.bad), ...renderOutcome(c.new, "+").map(p.good)].join("\n");
}

function renderSummary(s: DiffSummary, p: Paint): string {
  const lines = [`${s.affected > 0 ? p.warn("changes") : p.good("no change")}: ${s.events} events, ${s.conversations} conversations, ${s.affected} affected, ${s.changedDecisions} decisions differ`];
  for (const r of s.rules) {
    const parts = [r.added > 0 ? `${r.added} added` : "", r.removed > 0 ? `${r.removed} removed` : "", r.changed > 0 ? `${r.changed} changed` : ""].filter((x) => x !== "");
    lines.push(`  ${r.kind} ${r.rule}: ${parts.join(", ")}`);
  }
  if (s.cuts.added + s.cuts.removed > 0) lines.push(`  messages cut by the quota or the window: ${s.cuts.added} more, ${s.cuts.removed} fewer`);
  if (s.refused.old + s.refused.new > 0) lines.push(`  events refused: ${s.refused.old} by the old config, ${s.refused.new} by the new`);
  return lines.join("\n");
}

function tables(args: readonly string[], io: Io): number {
  const { values } = parse("tables", args);
  if (values.help === true) return help(io, "tables");
  const file = values.config;
  const path = file === undefined ? builtIn("seed-003.config.yaml") : pathOf(io, file);
  const title = file === undefined ? "the built-in example config" : `\`${file}\``;
  io.out(decisionTables(readDocument(path, once(io)), title).trimEnd());
  return 0;
}

function help(io: Io, command: Command): number {
  const c = COMMANDS[command];
  io.out([`usage: ${c.usage}`, "", ...c.about, "", "A file of - is read from standard input. See docs/cli.md."].join("\n"));
  return 0;
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
      case "prove":
        return proveCommand(args, io, p);
      case "playground":
        return playground(args, io);
      case "edges":
        return edges(args, io, p);
      case "tables":
        return tables(args, io);
      case "diff":
        return diff(args, io, p);
      case "stats":
        return stats(args, io);
      case "--version":
      case "-V":
      case "-v":
        io.out(io.version ?? "unknown");
        return 0;
      case undefined:
        io.err(USAGE);
        return 2;
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"; the commands are simulate, test, check, diff, stats, edges, tables (autoreply --help)`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof AutoreplyError) {
      io.err(`autoreply: ${oneLine(e)}`);
      return 2;
    }
    io.err(`autoreply: unexpected failure: ${e instanceof Error ? e.message : String(e)} (please report it)`);
    return 70;
  }
}

/** Standard input, read whole and bounded (for `bin/autoreply.js`). */
export function readStdin(): string {
  return readBounded(0, "standard input");
}

export { wantsColor } from "./format.js";
