// `autoreply stats`: in the command line only (its one copy in the package, issue 28's budget).
import { AutoreplyError, type ConversationState, type Engine } from "../core/index.js";
import { __internal as tools, type LogLine } from "../tools/index.js";

const checkLine: (line: unknown, n: number) => asserts line is LogLine = tools.checkLine;
const { toCsv, replyCounts } = tools;

/** What happened to one rule's replies within one hour. */
export interface RuleHour {
  /** The hour's start, epoch ms. */
  readonly hour: number;
  readonly kind: string;
  readonly rule: string;
  /** Decisions in which the reply was set off: sent, or dropped with a reason. */
  readonly exposures: number;
  /** Decisions that sent it (some or all of its messages), and the messages sent. */
  readonly sent: number;
  readonly messages: number;
  /** Decisions that dropped it, by reason; `suppressed` by the rule that beat it (`suppressed S-KW-RECEIVED`). */
  readonly dropped: Readonly<Record<string, number>>;
  /** Of the decisions that sent it: how many a transfer or a tag followed (in the same decision or within `within`), or a visitor message within `within`. */
  readonly followed: { readonly transfer: number; readonly tag: number; readonly wroteAgain: number };
}

export interface StatsSummary {
  readonly events: number;
  readonly conversations: number;
  /** Events the engine refused (a bad event for this config), by error code. */
  readonly refused: Readonly<Record<string, number>>;
  /** Lines that are not an event log line: how many, and the first 20 line numbers with why. */
  readonly broken: { readonly count: number; readonly lines: readonly { readonly line: number; readonly error: string }[] };
  /** By rule, then by hour: every hour in which the rule was set off. */
  readonly rules: readonly RuleHour[];
}

interface Mutable {
  exposures: number;
  sent: number;
  messages: number;
  dropped: Record<string, number>;
  followed: { transfer: number; tag: number; wroteAgain: number };
}

/** A reply sent and not yet followed by each of the three, until `at + within`. */
interface Pending {
  readonly cell: Mutable;
  readonly until: number;
  transfer: boolean;
  tag: boolean;
  wroteAgain: boolean;
}

const HOUR = 3_600_000;
const BROKEN_KEPT = 20;

/**
 * The numbers operators ask of each rule (issue 32, item 5; seed 000's 触发次数, 转人工, 留资): every line of
 * an event log goes through the engine once, each conversation keeping its state, and each decision is
 * counted by rule and hour. Memory: one cell per rule and hour, one state per conversation (as
 * `LogDiff`), a few replies per conversation awaiting what follows them; never the events.
 */
export class LogStats {
  private readonly conversations = new Map<string, { state: ConversationState; pending: Pending[] }>();
  private readonly cells = new Map<string, Mutable>();
  private events = 0;
  private readonly refused: Record<string, number> = {};
  private brokenCount = 0;
  private readonly broken: { line: number; error: string }[] = [];

  /** `within`: how long after a reply a transfer, a tag or the visitor's next message counts as following it (ms, 10 minutes by default). */
  constructor(
    private readonly engine: Engine,
    private readonly within = 600_000,
  ) {}

  /** One line of the log as text; `n` is its line number. A line that is not JSON or not a log line is counted and reported, and the rest is read. */
  push(text: string, n: number): void {
    if (text.trim() === "") return;
    let line: unknown;
    try {
      line = JSON.parse(text);
      checkLine(line, n);
    } catch (e) {
      this.brokenCount++;
      if (this.broken.length < BROKEN_KEPT) this.broken.push({ line: n, error: e instanceof AutoreplyError ? e.message.replace(/^\[autoreply\] /, "") : "not JSON" });
      return;
    }
    this.events++;
    let c = this.conversations.get(line.conversation);
    if (c === undefined) {
      c = { state: this.engine.start(line.start ?? { conversation: line.conversation, channel: line.channel }), pending: [] };
      this.conversations.set(line.conversation, c);
    }
    let decision;
    try {
      decision = this.engine.decide(c.state, line.event);
    } catch (e) {
      if (!(e instanceof AutoreplyError)) throw e;
      this.refused[e.code] = (this.refused[e.code] ?? 0) + 1;
      return;
    }
    c.state = decision.state;
    const at = line.event.at;
    // What follows the replies sent before (and, below, this decision's own).
    const transfer = decision.effects.some((e) => e.type === "transfer");
    const tag = decision.effects.some((e) => e.type === "tag");
    const wrote = line.event.type === "visitor.message";
    const followUp = (pending: Pending[], message: boolean) => {
      for (const p of pending) {
        if (transfer && !p.transfer) {
          p.transfer = true;
          p.cell.followed.transfer++;
        }
        if (tag && !p.tag) {
          p.tag = true;
          p.cell.followed.tag++;
        }
        if (message && !p.wroteAgain) {
          p.wroteAgain = true;
          p.cell.followed.wroteAgain++;
        }
      }
    };
    c.pending = c.pending.filter((p) => at <= p.until);
    followUp(c.pending, wrote);
    const hour = Math.floor(at / HOUR) * HOUR;
    const fresh: Pending[] = [];
    for (const r of replyCounts(decision)) {
      const cell = this.cell(hour, r.kind, r.rule);
      cell.exposures++;
      cell.messages += r.messages;
      for (const d of r.dropped) {
        const reason = d.reason === "suppressed" && d.by !== null ? `suppressed ${d.by}` : d.reason;
        cell.dropped[reason] = (cell.dropped[reason] ?? 0) + 1;
      }
      if (!r.sent) continue;
      cell.sent++;
      fresh.push({ cell, until: at + this.within, transfer: false, tag: false, wroteAgain: false });
    }
    followUp(fresh, false);
    c.pending.push(...fresh);
  }

  private cell(hour: number, kind: string, rule: string): Mutable {
    const key = `${kind}\u0000${rule}\u0000${hour}`;
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = { exposures: 0, sent: 0, messages: 0, dropped: {}, followed: { transfer: 0, tag: 0, wroteAgain: 0 } };
      this.cells.set(key, cell);
    }
    return cell;
  }

  summary(): StatsSummary {
    const rules = [...this.cells].map(([key, cell]) => {
      const [kind = "", rule = "", hour = "0"] = key.split("\u0000");
      return { hour: Number(hour), kind, rule, exposures: cell.exposures, sent: cell.sent, messages: cell.messages, dropped: { ...cell.dropped }, followed: { ...cell.followed } };
    });
    rules.sort((a, b) => a.kind.localeCompare(b.kind) || a.rule.localeCompare(b.rule) || a.hour - b.hour);
    return { events: this.events, conversations: this.conversations.size, refused: { ...this.refused }, broken: { count: this.brokenCount, lines: [...this.broken] }, rules };
  }
}

/** An hour's start as local time in `zone` (an IANA name), `2026-11-03 09:00`. */
export function hourIn(hour: number, zone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }).formatToParts(hour).map((p) => [p.type, p.value]));
  return `${parts["year"]}-${parts["month"]}-${parts["day"]} ${parts["hour"]}:00`;
}

/** The drop reasons a summary holds, sorted: the columns of its CSV. */
const reasonsOf = (s: StatsSummary): string[] => [...new Set(s.rules.flatMap((r) => Object.keys(r.dropped)))].sort();

/** The summary as CSV (RFC 4180, Papa Parse's writer): a row per rule and hour, a column per drop reason. */
export function statsCsv(s: StatsSummary, zone: string): string {
  const reasons = reasonsOf(s);
  const fields = ["hour", "kind", "rule", "exposures", "sent", "messages", ...reasons.map((r) => `dropped: ${r}`), "followed: transfer", "followed: tag", "followed: visitor wrote again"];
  const data = s.rules.map((r) => [hourIn(r.hour, zone), r.kind, r.rule, r.exposures, r.sent, r.messages, ...reasons.map((x) => r.dropped[x] ?? 0), r.followed.transfer, r.followed.tag, r.followed.wroteAgain]);
  return toCsv(fields, data);
}

/** The summary by rule, its hours added up. */
export function statsByRule(s: StatsSummary): RuleHour[] {
  const out = new Map<string, { kind: string; rule: string; hour: number; exposures: number; sent: number; messages: number; dropped: Record<string, number>; followed: { transfer: number; tag: number; wroteAgain: number } }>();
  for (const r of s.rules) {
    const key = `${r.kind}\u0000${r.rule}`;
    const t = out.get(key) ?? { kind: r.kind, rule: r.rule, hour: r.hour, exposures: 0, sent: 0, messages: 0, dropped: {}, followed: { transfer: 0, tag: 0, wroteAgain: 0 } };
    t.exposures += r.exposures;
    t.sent += r.sent;
    t.messages += r.messages;
    for (const [reason, n] of Object.entries(r.dropped)) t.dropped[reason] = (t.dropped[reason] ?? 0) + n;
    t.followed.transfer += r.followed.transfer;
    t.followed.tag += r.followed.tag;
    t.followed.wroteAgain += r.followed.wroteAgain;
    out.set(key, t);
  }
  return [...out.values()];
}

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c] as string);

/** One rule over time as an SVG bar chart: exposures (light) and sent (dark) per hour, from its first hour to its last. */
export function statsSvg(s: StatsSummary, kind: string, rule: string, zone: string): string {
  const hours = s.rules.filter((r) => r.kind === kind && r.rule === rule);
  const first = hours[0]?.hour ?? 0;
  const span = hours.length === 0 ? 1 : ((hours[hours.length - 1] as RuleHour).hour - first) / HOUR + 1;
  const top = Math.max(1, ...hours.map((r) => r.exposures));
  const [w, h, bar] = [Math.max(240, span * 12 + 60), 160, 10];
  const y = (n: number) => 130 - (n / top) * 100;
  const bars = hours.map((r) => {
    const x = 40 + ((r.hour - first) / HOUR) * 12;
    return `<rect x="${x}" y="${y(r.exposures)}" width="${bar}" height="${130 - y(r.exposures)}" fill="#c7d2fe"><title>${escapeXml(hourIn(r.hour, zone))}: ${r.exposures} set off, ${r.sent} sent</title></rect><rect x="${x}" y="${y(r.sent)}" width="${bar}" height="${130 - y(r.sent)}" fill="#4338ca"/>`;
  });
  const label = escapeXml(`${kind} ${rule}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11"><title>${label}</title><text x="4" y="14">${label}: set off (light) and sent (dark) per hour</text><text x="4" y="${y(top) + 4}">${top}</text><text x="4" y="134">0</text><line x1="38" y1="130" x2="${w - 4}" y2="130" stroke="#999"/>${bars.join("")}<text x="40" y="150">${escapeXml(hours.length === 0 ? "" : hourIn(first, zone))}</text></svg>\n`;
}
