/** What the load run and its load generator (a process of its own) exchange: the cast in, samples out. */

/**
 * A command cut off by a kill is retried with its key for this long after its first failed attempt (longer than a
 * restart takes), and at most 5 s past the run's end, then given up: it may or may not be in the log.
 */
export const COMMAND_RETRY_MS = 30_000;

export type Role = 'contributor' | 'representative' | 'coordinator' | 'public';

export interface Person {
  role: Role;
  /** Members only. */
  token?: string;
  personId?: string;
  networkId?: string;
}

export interface Cast {
  /** `http://127.0.0.1:<port>`: the API's origin (JSON under /api/v1, pages and feeds at the root). */
  origin: string;
  seconds: number;
  /** The mean pause between one person's actions. */
  thinkMs: number;
  people: Person[];
}

/** One request: epoch milliseconds, so the run can tell whether it overlapped a restart; status 0 when unanswered. */
export interface Sample {
  route: string;
  status: number;
  start: number;
  end: number;
  /** A command's Idempotency-Key: its retries share it. */
  key?: string;
  /** A 4xx or 5xx answer's problem type, or why there was no answer. */
  problem?: string;
}

/**
 * A command answered 2xx: the id the API gave it (derived from caller, route and key) and the position answered;
 * `unchanged` when it changed nothing (the same vote again), so the position names the state it was decided on.
 */
export interface Ack {
  ack: { route: string; commandId: string; position: number; unchanged: boolean; at: number };
}

/** A command retried without an answer until the generator gave up on it: it may or may not be in the log. */
export interface GaveUp {
  gaveUp: { route: string; status: number; key: string };
}
