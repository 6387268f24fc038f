/**
 * The playground's Web Worker: the jobs that can take long, off the page's thread (protocol.ts).
 * One job at a time, in the order asked; the page stops a job by ending the worker and starting
 * another, so nothing here needs to look out for a stop.
 */
import { LineCounter, parse as parseYaml, parseDocument } from "yaml";
import { AutoreplyError, compile, parseConfig, type ConfigIssue, type Engine } from "../../src/core/index.js";
import { lintConfig } from "../../src/tools/lint/lint.js";
import { parseBatch, runBatch } from "../../src/tools/scenario/batch.js";
import { parseScenario } from "../../src/tools/scenario/scenario.js";
import { decisionTables } from "../../src/tools/docs/tables.js";
import { fixEdit } from "../../src/tools/edit/source.js";
import { linesOf } from "./lines.js";
import { changedRows, compareLog, LogLineError } from "./compare.js";
import { countRules, type RuleCount } from "./counts.js";
import { MAX_LISTED, MAX_LOG, MAX_TEXT, megabytes, plainMessage, type BatchRow, type Problem, type Reply, type Request } from "./protocol.js";
import { format, plural, type Key, type Params, type Text } from "./i18n/index.js";

/** How deep the page's quota-budget search goes: the CLI's 4 took about 0.5 s for seed 003 in a browser. */
const PAGE_DEPTH = 3;
/**
 * How deep the first answer of a check searches: 1 step takes milliseconds where 3 take 200-600 ms
 * for seed 003, so the page hears the config's problems and starts the conversation at once; the
 * second answer, PAGE_DEPTH deep, follows (issue 29: the first check within 300 ms).
 */
const QUICK_DEPTH = 1;
/** How many batch messages make one slice of progress. */
const SLICE = 100;

/**
 * What the worker says: in English (`message`, as the tests and a log read it), and as words of the
 * console's tables (`text`), which the page shows in its language.
 */
interface Said {
  readonly message: string;
  readonly text: Text;
}
const said = (t: Key, params: Params = {}): Said => ({ message: format("en", t, params), text: { t, params } });

/** The text's size, as a message, when it is past what the playground reads. */
function tooLarge(text: string, what: "config" | "scenario" | "batch"): Said | undefined {
  return text.length > MAX_TEXT ? said(`size.${what}`, { size: megabytes(text.length), limit: megabytes(MAX_TEXT) }) : undefined;
}

/** A problem `compile` or `parseScenario` found, as a line of the list. */
function issueProblem(i: ConfigIssue, line?: number): Problem {
  return { severity: "error", where: i.path, message: `expected ${i.expected}, received ${i.received}; ${i.hint}`, ...(line === undefined ? {} : { line }) };
}

/** The last config compiled, by its text: a batch after a check does not compile again. */
let cached: { readonly text: string; readonly engine: Engine } | undefined;

function engineFor(text: string): Engine {
  if (cached?.text !== text) cached = { text, engine: compile(parseConfig(parseYaml(text))) };
  return cached.engine;
}

/** A check's answer, and for a valid config the lint again at another depth (the same parse and compile). */
interface Checked {
  readonly reply: Extract<Reply, { kind: "checked" }>;
  readonly deeper?: (depth: number) => Extract<Reply, { kind: "checked" }>;
}

/**
 * The editor's check, in two answers for a valid config: the problems and findings with the quota
 * search QUICK_DEPTH deep (the page compiles and plays at once), then PAGE_DEPTH deep (`final`).
 * Both are posted as soon as each is ready: the page hears the first while the second is computed.
 */
function checkTwice(id: number, text: string, post: (reply: Reply) => void): void {
  const { reply, deeper } = checkAt(id, text, QUICK_DEPTH);
  if (deeper === undefined) return post(reply);
  post({ ...reply, final: false });
  post(deeper(PAGE_DEPTH));
}

function checkAt(id: number, text: string, depth: number): Checked {
  const large = tooLarge(text, "config");
  const tooLargeStatus = said("config.tooLarge");
  if (large !== undefined) return { reply: { id, kind: "checked", config: null, problems: [{ severity: "error", where: "(config)", ...large }], more: 0, fixes: 0, status: tooLargeStatus.message, summary: tooLargeStatus.text, final: true } };
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true });
  const list = (problems: Problem[], status: Said, config: unknown = null, fixes = 0): Extract<Reply, { kind: "checked" }> => ({ id, kind: "checked", config, problems: problems.slice(0, MAX_LISTED), more: Math.max(0, problems.length - MAX_LISTED), fixes, status: status.message, summary: status.text, final: true });
  /** Words with a count: one/other as English chooses (the Chinese pairs are the same words). */
  const counted = (base: "config.yaml" | "config.invalid", n: number) => said(plural(base, n, "en"), { n });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e): Problem => ({ severity: "error", where: "(YAML)", message: e.message.split("\n")[0] ?? e.message, ...(e.linePos === undefined ? {} : { line: e.linePos[0].line }) }));
    return { reply: list(problems, counted("config.yaml", problems.length)) };
  }
  const line = linesOf(doc, counter);
  const input: unknown = doc.toJS();
  let engine: Engine;
  try {
    engine = compile(parseConfig(input));
  } catch (e) {
    if (!(e instanceof AutoreplyError)) throw e;
    const problems = e.issues.map((i) => issueProblem(i, line(i.path)));
    if (problems.length === 0) problems.push({ severity: "error", where: "(config)", message: e.message });
    return { reply: list(problems, counted("config.invalid", e.issues.length)) };
  }
  cached = { text, engine };
  const compiled = engine;
  const linted = (depth: number) => {
    const findings = lintConfig(compiled.config, { depth });
    const problems = findings.map((f): Problem => {
      const n = line(f.path);
      return { severity: f.severity, where: f.path, message: `${f.id}: ${f.message}${f.fix === undefined ? "" : ` (suggested: ${f.fix.suggest})`}`, hint: f.hint, id: f.id, lint: { message: f.text, hint: f.hintText }, ...(f.fix === undefined ? {} : { suggest: f.fix.suggest }), ...(n === undefined ? {} : { line: n }) };
    });
    const count = (severity: Problem["severity"]) => findings.filter((f) => f.severity === severity).length;
    return list(problems, said("config.valid", { errors: count("error"), warnings: count("warning") }), input, findings.filter((f) => f.fix !== undefined).length);
  };
  return { reply: linted(depth), deeper: linted };
}

function fix(id: number, text: string): Reply {
  const input = parseConfig(parseYaml(text));
  const edit = fixEdit(input, lintConfig(compile(input).config, { depth: 0 }));
  return { id, kind: "fixed", patches: edit?.patches ?? null, inverse: edit?.inverse ?? null };
}

function scenario(id: number, text: string): Reply {
  const large = tooLarge(text, "scenario");
  if (large !== undefined) return { id, kind: "failed", ...large };
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    return { id, kind: "failed", ...said("scenario.yaml", { message: e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e) }) };
  }
  try {
    // The page plays the editor's config: the file's own `config` (a path, or inline) is not read.
    const { config: _ignored, ...read } = parseScenario(raw, () => ({}));
    return { id, kind: "scenario", scenario: read };
  } catch (e) {
    if (!(e instanceof AutoreplyError)) throw e;
    const problems = e.issues.slice(0, MAX_LISTED).map((i) => issueProblem(i));
    return { id, kind: "failed", ...said("scenario.invalid", { message: plainMessage(e.message.split("\n")[0] ?? "") }), problems };
  }
}

function batch(request: Extract<Request, { kind: "batch" }>, post: (reply: Reply) => void): void {
  const { id } = request;
  const large = tooLarge(request.messages, "batch");
  if (large !== undefined) return post({ id, kind: "failed", ...large });
  const engine = engineFor(request.text);
  const messages = parseBatch(request.messages, request.csv);
  const options = { channel: request.channel, online: request.online };
  let failed = 0;
  let noKeyword = 0;
  let counts: RuleCount[] = [];
  if (messages.length === 0) return post({ id, kind: "batch", rows: [], total: 0, failed, noKeyword, counts, last: true });
  for (let i = 0; i < messages.length; i += SLICE) {
    const report = runBatch(engine, messages.slice(i, i + SLICE), options);
    failed += report.failed;
    noKeyword += report.noKeyword;
    counts = countRules(report.results, counts);
    const rows = report.results.map(({ line, text, replies, problems }): BatchRow => ({ line, text, replies, problems }));
    post({ id, kind: "batch", rows, total: messages.length, failed, noKeyword, counts, last: i + SLICE >= messages.length });
  }
}

function compare(request: Extract<Request, { kind: "compare" }>): Reply {
  const { id } = request;
  const large = tooLarge(request.messages, "batch") ?? tooLarge(request.live, "config");
  if (large !== undefined) return { id, kind: "failed", ...large };
  const invalid = liveProblems(id, request.live);
  if (invalid !== undefined) return invalid;
  const live = engineFor(request.live);
  const edited = engineFor(request.text);
  const messages = parseBatch(request.messages, request.csv);
  const options = { channel: request.channel, online: request.online };
  const rows = changedRows(runBatch(live, messages, options).results, runBatch(edited, messages, options).results);
  return { id, kind: "compared", rows: rows.slice(0, MAX_LISTED), total: messages.length, changed: rows.length };
}

/** The live config, checked as the editor's is: its problems said, with their lines; `undefined` when it compiles. */
function liveProblems(id: number, live: string): Reply | undefined {
  // Whether it compiles is all a comparison needs: the quick search is enough.
  const checked = checkAt(id, live, QUICK_DEPTH).reply;
  return checked.config === null ? { id, kind: "failed", ...said("compare.liveInvalid", { summary: checked.summary }), problems: checked.problems } : undefined;
}

function compareEventLog(request: Extract<Request, { kind: "compareLog" }>): Reply {
  const { id } = request;
  if (request.log.length > MAX_LOG) return { id, kind: "failed", ...said("size.log", { size: megabytes(request.log.length), limit: megabytes(MAX_LOG) }) };
  const large = tooLarge(request.live, "config");
  if (large !== undefined) return { id, kind: "failed", ...large };
  const invalid = liveProblems(id, request.live);
  if (invalid !== undefined) return invalid;
  try {
    const { summary, changes, counts } = compareLog(engineFor(request.live), engineFor(request.text), request.log);
    return { id, kind: "comparedLog", summary, changes: changes.slice(0, MAX_LISTED), counts };
  } catch (e) {
    if (!(e instanceof LogLineError)) throw e;
    return { id, kind: "failed", ...said("compare.logLine", { line: e.line, detail: e.detail }) };
  }
}

/** Runs one job; any error it throws becomes a `failed` reply, so that the page always hears back. */
export function handle(request: Request, post: (reply: Reply) => void): void {
  try {
    switch (request.kind) {
      case "check":
        return checkTwice(request.id, request.text, post);
      case "fix":
        return post(fix(request.id, request.text));
      case "tables": {
        const large = tooLarge(request.text, "config");
        return post(large === undefined ? { id: request.id, kind: "tables", markdown: decisionTables(parseYaml(request.text), "the config being edited") } : { id: request.id, kind: "failed", ...large });
      }
      case "scenario":
        return post(scenario(request.id, request.text));
      case "batch":
        return batch(request, post);
      case "compare":
        return post(compare(request));
      case "compareLog":
        return post(compareEventLog(request));
    }
  } catch (e) {
    post({ id: request.id, kind: "failed", message: e instanceof Error ? plainMessage(e.message) : String(e) });
  }
}

interface WorkerScope {
  onmessage: ((event: { readonly data: Request }) => void) | null;
  postMessage(reply: Reply): void;
}

// In a worker (not when a test imports `handle`): answer the page.
if ((globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== undefined) {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = (event) => handle(event.data, (reply) => scope.postMessage(reply));
}
