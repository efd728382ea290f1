/**
 * `State.Health` and its rules, as moby's handleProbeResult and monitor apply them: a success makes
 * the container healthy and clears the failing streak; a failure counts towards `retries` unless
 * the container is still starting within its start period; the log keeps the last 5 results. The
 * next probe comes after the interval, or the start interval while starting in the start period.
 */
import type { ProbePlan } from './config.js';

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

/** One probe's result (Docker's HealthcheckResult). Times are RFC 3339. */
export interface HealthcheckResult {
  Start: string;
  End: string;
  /** 0 healthy, anything else a failure; -1 when the probe timed out or could not run. */
  ExitCode: number;
  Output: string;
}

/** `State.Health` of a container whose healthcheck probes. */
export interface Health {
  Status: HealthStatus;
  /** Consecutive failures counted since the last success. */
  FailingStreak: number;
  /** The last results, oldest first. */
  Log: HealthcheckResult[];
}

/** Docker's maxLogEntries. */
export const HEALTH_LOG_SIZE = 5;

/** A fresh health state for a start (Docker's initHealthMonitor keeps the log of earlier runs). */
export function startingHealth(previous?: Health): Health {
  return { Status: 'starting', FailingStreak: 0, Log: previous?.Log ?? [] };
}

/**
 * Applies a probe's result to `h` (in place); returns whether the status changed (a
 * `health_status` event is due). `startedAtMs` is when the container started.
 */
export function applyResult(h: Health, r: HealthcheckResult, plan: ProbePlan, startedAtMs: number): boolean {
  const before = h.Status;
  h.Log = [...h.Log, r].slice(-HEALTH_LOG_SIZE);
  if (r.ExitCode === 0) {
    h.FailingStreak = 0;
    h.Status = 'healthy';
  } else if (!(h.Status === 'starting' && Date.parse(r.Start) - startedAtMs < plan.startPeriodMs)) {
    h.FailingStreak++;
    if (h.FailingStreak >= plan.retries) h.Status = 'unhealthy';
  }
  return h.Status !== before;
}

/**
 * How long until the next probe. In the start period a starting container is probed every start
 * interval, never past the period's end (moby#52317, so a short start period is not overslept).
 */
export function nextDelay(plan: ProbePlan, status: HealthStatus, startedAtMs: number, nowMs: number): number {
  const left = plan.startPeriodMs - (nowMs - startedAtMs);
  if (left <= 0 || status !== 'starting') return plan.intervalMs;
  return Math.min(plan.startIntervalMs, left);
}
