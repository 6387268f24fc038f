/**
 * The data the engine speaks: phases, events, replies, decisions. Plain JSON-shaped types only.
 * Names follow CONTRACT.md exactly.
 */

/** Where the conversation stands. `ended` also covers "no session open yet". */
export type Phase = "robot" | "queued" | "serving" | "ended" | "offline";
export const PHASES: readonly Phase[] = ["robot", "queued", "serving", "ended", "offline"];

/** The eleven system reply kinds of seed 003, `dnd` (seed 002 line 13), and the satisfaction survey after the end with its thank-you (`survey`, `surveyThanks`; spec S-SURVEY). */
export type ReplyKind =
  | "keyword"
  | "received"
  | "opened"
  | "accepted"
  | "queued"
  | "agentSilent"
  | "visitorSilent"
  | "autoEnd"
  | "manualEnd"
  | "batchEnd"
  | "offline"
  | "dnd"
  | "unanswered"
  | "repeated"
  | "urgent"
  | "upset"
  | "prompt"
  | "survey"
  | "surveyThanks";
export const REPLY_KINDS: readonly ReplyKind[] = [
  "keyword",
  "received",
  "opened",
  "accepted",
  "queued",
  "agentSilent",
  "visitorSilent",
  "autoEnd",
  "manualEnd",
  "batchEnd",
  "offline",
  "dnd",
  "unanswered",
  "repeated",
  "urgent",
  "upset",
  "prompt",
  "survey",
  "surveyThanks",
];

/** Config layers, most specific first: agent > group > channel > app. */
export type Layer = "agent" | "group" | "channel" | "app";

/** The wake-ups the engine asks the host to schedule. */
export type TimerName = "agentSilent" | "visitorSilent" | "autoEnd" | "idleEnd" | "backup";
export const TIMER_NAMES: readonly TimerName[] = ["agentSilent", "visitorSilent", "autoEnd", "idleEnd", "backup"];

/** Where the host placed the visitor. */
export type Route =
  | { readonly agent: string }
  | { readonly queue: number; readonly agent?: string; readonly group?: string }
  | { readonly robot: true };

/**
 * Every event carries `at`, epoch milliseconds: the engine never reads a clock. Any event may carry
 * `id`, the platform's message id (WeChat's `msgid`, as text: it is a 64-bit number): an event whose
 * id the conversation has seen is a redelivery and sends nothing (spec EVENT-REDELIVERED).
 * `page` (on `visitor.opened` and `visitor.message`) names the page the visitor is on, a URL or a
 * mini program path, for `once: page` (F-ONCE-PAGE); `visitor.dismissed` says the visitor closed a
 * reply or clicked "暂时不需要" on it, naming its `rule` (F-DISMISS). `facts` (on `visitor.message`) is
 * what the host knows of the visitor now, for the `when` and `unless` of tag and route rules
 * (`ordered`, `vip`; G-TAG-COUNT): at most `MAX_FACTS` names, each at most `MAX_ID_LENGTH` long; the
 * state keeps those the config's `facts` names, for segments (V-SEGMENT). `locale` (on
 * `visitor.opened`, `visitor.message`, `visitor.page`) is the visitor's language now, a BCP 47 tag
 * that the state keeps (V-LOCALE).
 * `visitor.rated` is the visitor's answer to the satisfaction survey: the `score` of the button they
 * clicked (its `answer`, 1 for the first); a click after the survey's answer sends nothing (spec S-SURVEY-ANSWER, S-SURVEY-ONCE).
 * `visitor.page` is what the host's page script sees before the visitor writes (seed 000 lines 6,
 * 10-11): the page, its type, the traffic source, how long the visitor has stayed and how far they
 * scrolled, their visits, a form opened and not sent; it is what proactive prompts are triggered by
 * (spec P-WHEN). Send one whenever one of these changes that a prompt waits for.
 */
export type EngineEvent =
  | { readonly type: "visitor.opened"; readonly at: number; readonly id?: string; readonly page?: string; readonly locale?: string; readonly facts?: readonly string[] }
  | { readonly type: "visitor.message"; readonly at: number; readonly id?: string; readonly text: string; readonly route?: Route; readonly page?: string; readonly facts?: readonly string[]; readonly locale?: string }
  | { readonly type: "visitor.page"; readonly at: number; readonly id?: string } & PageView
  | { readonly type: "visitor.dismissed"; readonly at: number; readonly id?: string; readonly rule: string }
  | { readonly type: "visitor.rated"; readonly at: number; readonly id?: string; readonly score: number }
  | { readonly type: "visitor.transfer"; readonly at: number; readonly id?: string; readonly route: Route }
  | { readonly type: "visitor.menu"; readonly at: number; readonly id?: string; readonly key: string }
  | { readonly type: "visitor.unsubscribed"; readonly at: number; readonly id?: string }
  /** The visitor paid (WeChat Pay's notice, on a service account): a window without a count opens (spec W-PAID). */
  | { readonly type: "visitor.paid"; readonly at: number; readonly id?: string }
  /**
   * The platform refused a message the host sent (spec W-REFUSED): its window is over (`window`:
   * WeChat's 45015, WeCom's 95002 and 95018) or its count is spent (`quota`: 45047, 95001). The next
   * decisions send nothing the platform would refuse again until the visitor writes.
   */
  | { readonly type: "channel.refused"; readonly at: number; readonly id?: string; readonly reason: "window" | "quota" }
  | { readonly type: "queue.moved"; readonly at: number; readonly id?: string; readonly position: number }
  | { readonly type: "agent.accepted"; readonly at: number; readonly id?: string; readonly agent: string }
  | { readonly type: "agent.message"; readonly at: number; readonly id?: string; readonly agent?: string; readonly text?: string }
  | { readonly type: "agent.ended"; readonly at: number; readonly id?: string; readonly agent?: string; readonly batch?: boolean }
  | { readonly type: "presence"; readonly at: number; readonly id?: string; readonly online: readonly string[]; readonly dnd?: readonly string[] }
  | { readonly type: "timer"; readonly at: number; readonly id?: string; readonly timer: TimerName; readonly due: number };

export type EventType = EngineEvent["type"];

/** What a `visitor.page` event says of the page the visitor is on (spec P-WHEN). */
export type PageView = {
  /** The page: a URL or a mini program path; a prompt's `when.page` is matched against its path. */
  readonly page: string;
  /** The page's type as the host names it: `pricing`, `help`, `checkout` (seed 000 line 10). */
  readonly pageType?: string;
  /** Where the visitor came from: `search`, `baidu_sem`; the sources `prompts.ads` names are ad traffic (P-AD). */
  readonly source?: string;
  /** How long the visitor has been on the page, in ms. */
  readonly dwell?: number;
  /** How far they scrolled, in percent (0 to 100). */
  readonly scroll?: number;
  /** Their visits to the site, this one included (1 for a first visit). */
  readonly visits?: number;
  /** A form on the page: `open` (opened and not sent: seed 000 line 22's 打开表单但未提交) or `sent`. */
  readonly form?: "open" | "sent";
  /** What the host knows of the visitor now (`vip`, `ordered`), as on `visitor.message`. */
  readonly facts?: readonly string[];
  /** The visitor's language (BCP 47), as on `visitor.message`. */
  readonly locale?: string;
};

/** A button under a prompt (seed 000 line 14): a click sends `visitor.menu` with its `key`, or, for the way out, `visitor.dismissed` with the reply's rule; under a survey, `visitor.rated` with its `answer`. */
export interface Button {
  readonly text: string;
  /** The menu key a click sends (`visitor.menu`). */
  readonly key?: string;
  /** The way out ("暂时不需要"): a click sends `visitor.dismissed` naming the reply's rule. */
  readonly dismiss?: true;
  /** A survey's button (spec S-SURVEY): a click sends `visitor.rated` with this score, 1 for the first button. */
  readonly answer?: number;
}

/** One message of a reply. */
export interface Message {
  /** The text with every placeholder filled. */
  readonly text: string;
}

/** One automatic reply the host must send, in order. */
export interface Reply {
  /** Which system reply this is. */
  readonly kind: ReplyKind;
  /** The config layer whose setting won. */
  readonly layer: Layer;
  /** The rule id: the `id` written in the config, or one derived from its path. */
  readonly rule: string;
  /** The messages to send, in order; each counts against the quota. */
  readonly messages: readonly Message[];
  /** Under an A/B test (`ab`): the experiment and the variant sent, to measure it by (spec AB-EXPOSURE). */
  readonly experiment?: { readonly id: string; readonly variant: string };
  /** A prompt's or a survey's buttons, in order (spec P-BUTTONS, S-SURVEY). */
  readonly buttons?: readonly Button[];
  /** A prompt shown in its capture form: nobody can take a chat now (spec P-CAPTURE). */
  readonly capture?: true;
  /** With `api: wecom`: the WeCom event code that carries it (`kf/send_msg_on_event`, spec W-WECOM-CODE); absent for `kf/send_msg`. */
  readonly code?: EventCode;
}

/** The WeCom event codes a reply can go out on (spec W-WECOM-CODE). */
export type EventCode = "welcome" | "queue" | "serving" | "end";

/** Why a candidate reply (or part of it) was not sent: the verdicts of src/core/model/verdicts.ts marked `dropped`. */
export type { DropReason } from "./verdicts.js";
import type { DropReason } from "./verdicts.js";

/** A reply, or the tail of one, that was not sent. */
export interface Dropped {
  /** The reply kind, or `event` for an event that was not applied at all (a redelivery). */
  readonly kind: ReplyKind | "event";
  readonly reason: DropReason;
  /** The rule that would have been sent, where one was resolved. */
  readonly rule?: string;
  /** How many messages were not sent. */
  readonly messages: number;
  /** The spec id of the rule that caused the drop, e.g. `S-KW-QUEUED`. */
  readonly by?: string;
  /** With `interval`: when the reply may be sent again (epoch ms). */
  readonly until?: number;
  /** One readable sentence with the numbers. */
  readonly detail: string;
}

/** A wake-up the host must schedule and feed back as a `timer` event with the same `timer` and `due`. */
export interface Timer {
  readonly timer: TimerName;
  /** Epoch ms when it is due; feed back `{ type: "timer", timer, due, at: due }`. */
  readonly due: number;
}

/** A request for the host to act; the engine carries none of them out. */
export type Effect = TransferEffect | AlertEffect | MuteEffect | TagEffect | RouteEffect | SurveyEffect;

/** The visitor answered the satisfaction survey (spec S-SURVEY-ANSWER): the host stores the score. */
export interface SurveyEffect {
  readonly type: "survey";
  /** The button clicked: 1 for the first. */
  readonly score: number;
  /** How many buttons the survey had (its scale), or `null` when the config no longer has the survey that was asked. */
  readonly of: number | null;
  /** What the button said (`5`, `满意`). */
  readonly label: string;
  /** The spec rule, `S-SURVEY-ANSWER`. */
  readonly by: string;
  /** The survey reply's rule, or `null` as `of`. */
  readonly rule: string | null;
  readonly detail: string;
}

/** Automatic replies are muted (spec E-MUTE): the host may show it to the agents, or stop its own automations. */
export interface MuteEffect {
  readonly type: "mute";
  /** Until when (epoch ms). */
  readonly until: number;
  /** The spec rule, `E-MUTE`. */
  readonly by: string;
  /** The rule of the `repeated` reply that started it. */
  readonly rule: string;
  readonly detail: string;
}

/** Tag the visitor (spec G-TAG, G-TAG-COUNT): once per visitor, remembered in the memory. */
export interface TagEffect {
  readonly type: "tag";
  readonly tag: string;
  /** The spec rule, `G-TAG` or `G-TAG-COUNT`. */
  readonly by: string;
  /** The tag rule's id. */
  readonly rule: string;
  readonly detail: string;
}

/** A routing suggestion (spec G-ROUTE): the host may move the visitor to this group; it still decides. */
export interface RouteEffect {
  readonly type: "route";
  readonly group: string;
  /** The spec rule, `G-ROUTE`. */
  readonly by: string;
  /** The route rule's id. */
  readonly rule: string;
  readonly detail: string;
}

/** Tell a person (spec E-UNANSWERED): the host pages the duty manager, posts to a channel, ... */
export interface AlertEffect {
  readonly type: "alert";
  /** Why: `unanswered` (the visitor wrote several times and no human answered), `urgent` (an urgent word), `upset` (an upset word), `unread` (agentSilent's alert, or its backup stage's), `condition` (a combined condition). */
  readonly reason: "unanswered" | "urgent" | "upset" | "unread" | "condition";
  /** The spec rule, `E-UNANSWERED`, `E-URGENT`, `E-UPSET`, `E-UNREAD` or `E-CONDITION`. */
  readonly by: string;
  /** The rule of the reply that raised it. */
  readonly rule: string;
  readonly detail: string;
}

/**
 * Transfer the conversation (spec D-URGENT, D-OFF-HOURS, E-REPEATED): an urgent message while the
 * agent is in do-not-disturb, or outside the hours, goes to the duty agent or group the schedule
 * names; a visitor who keeps sending the same message goes to a human. The host routes the visitor
 * and tells the engine with a `visitor.transfer` event.
 */
export interface TransferEffect {
  readonly type: "transfer";
  /** Where to: absent when the config names no one (`repeated` with `transfer: true`): any human, as the host routes. */
  readonly to?: { readonly agent: string } | { readonly group: string };
  /** Why: `dnd` (the agent is in do-not-disturb), `closed` (outside the schedule's hours), `repeated` (the same message again and again), `unread` (the agent did not answer in time), `condition` (a combined condition). */
  readonly reason: "dnd" | "closed" | "repeated" | "unread" | "condition";
  /** The spec rule, `D-URGENT`, `D-OFF-HOURS`, `E-REPEATED`, `E-UNREAD`, `E-BACKUP` or `E-CONDITION`. */
  readonly by: string;
  /** The urgent word found, and the schedule that names the duty. */
  readonly detail: string;
}

/** The quota as it stands after a decision. */
export interface QuotaStatus {
  /** Outgoing messages (automatic and human) counted since the visitor's last message. */
  readonly used: number;
  /** The platform limit, or `null` when unlimited. */
  readonly limit: number | null;
  /** Slots kept for human agents: automatic replies stop at `limit - reserve`. */
  readonly reserve: number;
  /** Epoch ms when the current window closes, or `null` when it does not expire. */
  readonly until: number | null;
}
