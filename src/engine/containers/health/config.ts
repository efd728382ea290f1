/**
 * A container's healthcheck settings. At create: the request's `Healthcheck` is type-checked as Go
 * decodes it and validated with Docker's messages, then merged with the image's HEALTHCHECK as
 * Docker merges them (a given Test replaces the image's, zero fields inherit the image's). At start:
 * what the monitor runs, with Docker's defaults for the zero fields (moby daemon/health.go).
 * Durations are nanoseconds on the wire and in the record; the plan is in milliseconds.
 */
import type { HealthConfig } from '../../../oci/image-config.js';
import { InternalError, InvalidArgumentError } from '../../errors.js';

/** Docker's defaults for the zero fields, in milliseconds (retries: a count). */
export const HEALTH_DEFAULTS = { intervalMs: 30_000, timeoutMs: 30_000, startPeriodMs: 0, startIntervalMs: 5_000, retries: 3 };

/** What the monitor of one container does. */
export interface ProbePlan {
  /** The command run in the container: `CMD` as given, `CMD-SHELL` through the container's shell. */
  cmd: string[];
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  /** The interval while the container is starting within its start period (API 1.44). */
  startIntervalMs: number;
  retries: number;
}

const DURATIONS = ['Interval', 'Timeout', 'StartPeriod', 'StartInterval'] as const;

/** containertypes.MinimumDuration: 1ms. */
const MINIMUM_NS = 1e6;

/**
 * Docker's checks of a create request's healthcheck: Go's JSON decoding errors (500, as dockerd
 * answers them), then its rules on durations and retries (400).
 */
export function validateHealthcheck(h: unknown): void {
  if (h === undefined || h === null) return;
  checkTypes(h);
  const c = h as HealthConfig;
  tooShort('Interval', c.Interval);
  tooShort('Timeout', c.Timeout);
  if ((c.Retries ?? 0) < 0) throw new InvalidArgumentError('Retries in Healthcheck cannot be negative');
  tooShort('StartPeriod', c.StartPeriod);
  tooShort('StartInterval', c.StartInterval);
}

/** Zero means "the default"; anything else (negative included) must be at least 1ms. */
function tooShort(field: (typeof DURATIONS)[number], ns: number | undefined): void {
  if (ns && ns < MINIMUM_NS) throw new InvalidArgumentError(`${field} in Healthcheck cannot be less than 1ms`);
}

function checkTypes(h: unknown): void {
  const where = (f: string) => `Go struct field HealthConfig.Healthcheck.${f}`;
  if (typeof h !== 'object' || Array.isArray(h)) {
    throw new InternalError(`json: cannot unmarshal ${jsonKind(h)} into Go struct field ContainerConfigWrapper.Healthcheck of type container.HealthConfig`);
  }
  const o = h as Record<string, unknown>;
  if (o.Test !== undefined && o.Test !== null) {
    if (!Array.isArray(o.Test)) throw new InternalError(`json: cannot unmarshal ${jsonKind(o.Test)} into ${where('Test')} of type []string`);
    const bad = o.Test.find((x) => typeof x !== 'string' && x !== null);
    if (bad !== undefined) throw new InternalError(`json: cannot unmarshal ${jsonKind(bad)} into ${where('Test')} of type string`);
  }
  for (const [field, type] of [...DURATIONS.map((d) => [d, 'time.Duration'] as const), ['Retries', 'int'] as const]) {
    const v = o[field];
    if (v === undefined || v === null || Number.isSafeInteger(v)) continue;
    throw new InternalError(`json: cannot unmarshal ${jsonKind(v, true)} into ${where(field)} of type ${type}`);
  }
}

/** How Go's decoder names a JSON value in its errors (`number 1.5`: a number that does not fit a numeric field). */
function jsonKind(v: unknown, numericTarget = false): string {
  if (typeof v === 'number') return numericTarget ? `number ${v}` : 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? 'array' : 'object';
}

/**
 * Docker's merge (daemon/commit.go): no healthcheck of its own takes the image's; one with an
 * empty Test takes the image's Test; each zero field takes the image's. The result is stored as
 * Docker serialises it (zero fields left out). `NONE` stays as given: it disables the probe.
 */
export function mergeHealthcheck(user: HealthConfig | null | undefined, image: HealthConfig | null | undefined): HealthConfig | undefined {
  if (!user) return image ? compact(image) : undefined;
  if (!image) return compact(user);
  return compact({
    Test: user.Test && user.Test.length > 0 ? user.Test : image.Test,
    Interval: user.Interval || image.Interval,
    Timeout: user.Timeout || image.Timeout,
    StartPeriod: user.StartPeriod || image.StartPeriod,
    StartInterval: user.StartInterval || image.StartInterval,
    Retries: user.Retries || image.Retries,
  });
}

/** Go's `omitempty`: zero durations and counts and an empty Test are not written. */
function compact(h: HealthConfig): HealthConfig {
  return {
    ...(h.Test && h.Test.length > 0 ? { Test: [...h.Test] } : {}),
    ...(h.Interval ? { Interval: h.Interval } : {}),
    ...(h.Timeout ? { Timeout: h.Timeout } : {}),
    ...(h.StartPeriod ? { StartPeriod: h.StartPeriod } : {}),
    ...(h.StartInterval ? { StartInterval: h.StartInterval } : {}),
    ...(h.Retries ? { Retries: h.Retries } : {}),
  };
}

/**
 * What the monitor runs for a container's healthcheck, or undefined when nothing is probed (no
 * healthcheck, an empty Test, `NONE`, or a type Docker does not know: Docker logs a warning and
 * does not probe). `shell` is the container's Config.Shell (Docker does not inherit the image's).
 */
export function probePlan(h: HealthConfig | undefined, shell?: string[] | null): ProbePlan | undefined {
  const [kind, ...args] = h?.Test ?? [];
  if (!h || (kind !== 'CMD' && kind !== 'CMD-SHELL')) return undefined;
  const ms = (ns: number | undefined, dflt: number) => (ns ? ns / 1e6 : dflt);
  return {
    cmd: kind === 'CMD' ? args : [...(shell && shell.length > 0 ? shell : ['/bin/sh', '-c']), ...args],
    intervalMs: ms(h.Interval, HEALTH_DEFAULTS.intervalMs),
    timeoutMs: ms(h.Timeout, HEALTH_DEFAULTS.timeoutMs),
    startPeriodMs: ms(h.StartPeriod, HEALTH_DEFAULTS.startPeriodMs),
    startIntervalMs: ms(h.StartInterval, HEALTH_DEFAULTS.startIntervalMs),
    retries: h.Retries && h.Retries > 0 ? h.Retries : HEALTH_DEFAULTS.retries,
  };
}
