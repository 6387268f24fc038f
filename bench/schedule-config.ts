/**
 * The schedule the bench times (bench/run.ts "Schedules", bench/schedule-costs.ts, and the
 * all-features stream of bench/all-features.ts): a Chinese office's week, and the seed config with
 * the app pointing to it and two replies choosing their messages by period.
 */
import type { ConfigInput, EngineEvent } from "autoreply-engine";

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"] as const;
const day = (d: number) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);

/** 5 weekdays 09:00-18:00, lunch, night, 10 holidays, in Asia/Shanghai. */
export const SMALL_SCHEDULE = {
  zone: "Asia/Shanghai",
  hours: Object.fromEntries(WEEKDAYS.map((d) => [d, "09:00-18:00"])),
  lunch: "12:00-13:30",
  night: "21:00-08:00",
  holidays: Array.from({ length: 10 }, (_, i) => day(i * 70)),
};

/** The variants by period of the received and the offline replies. */
export const RECEIVED_PERIODS = { closed: "下班了,<<next_open>>回复" } as const;
export const OFFLINE_PERIODS = { night: "夜间模式", holiday: "放假" } as const;

/**
 * `seed` with the app pointing to `schedule` (as `office`) and the received and offline replies
 * choosing their messages by period: received has a `closed` variant that says when the office
 * opens (`<<next_open>>`), offline a `night` and a `holiday` one.
 */
export function scheduledConfig(seed: ConfigInput, schedule: object = SMALL_SCHEDULE): ConfigInput {
  const replies = seed.app?.replies ?? {};
  return {
    ...seed,
    schedules: { ...seed.schedules, office: schedule },
    app: {
      ...seed.app,
      schedule: "office",
      replies: {
        ...replies,
        // As bench/run.ts has timed it since issue 11: the two replies' messages kept, their other settings (offline's `interval: 0s`) not.
        received: { messages: replies.received?.messages ?? "收到", periods: RECEIVED_PERIODS },
        offline: { messages: replies.offline?.messages ?? "不在线", periods: OFFLINE_PERIODS },
      },
    },
  } as ConfigInput;
}

/** A Friday, 2026-10-16 09:00 UTC (17:00 in Shanghai): where the timed streams start, so that they cross the office's hours. */
export const STREAM_START = Date.UTC(2026, 9, 16, 9);

/** `events` moved to start at `STREAM_START`: every time, timers' due times included, shifted alike. */
export function shiftStream(events: readonly EngineEvent[], shift = STREAM_START): EngineEvent[] {
  return events.map((e) => (e.type === "timer" ? { ...e, at: e.at + shift, due: e.due + shift } : { ...e, at: e.at + shift }) as EngineEvent);
}
