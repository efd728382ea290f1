/**
 * `--health-*` and `--no-healthcheck` → Config.Healthcheck exactly as the docker CLI builds it:
 * nothing unless a setting is given; `{Test: ["NONE"]}` for --no-healthcheck (which no other
 * health flag may join); otherwise the given fields only (durations in ns), Test
 * `["CMD-SHELL", cmd]` when a command is given. Negative values are refused with docker's words.
 */
import { bool, num, str, type ParsedFlags } from '../../flags/types.js';

/** The Healthcheck of the create body (zero fields left out, as Go's omitempty does). */
export interface HealthConfig { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; StartInterval?: number; Retries?: number }

const DURATIONS: Array<[flag: string, field: keyof HealthConfig]> = [
  ['health-interval', 'Interval'], ['health-timeout', 'Timeout'], ['health-start-period', 'StartPeriod'], ['health-start-interval', 'StartInterval'],
];
/** The order docker checks for negative values. */
const NEGATIVE_CHECKS = ['health-interval', 'health-timeout', 'health-retries', 'health-start-period', 'health-start-interval'];

/** Config.Healthcheck for the flags, or undefined when none is given. Throws docker's errors. */
export function healthConfig(p: ParsedFlags): HealthConfig | undefined {
  const cmd = str(p, 'health-cmd');
  const given = cmd !== '' || NEGATIVE_CHECKS.some((f) => num(p, f) !== 0);
  if (bool(p, 'no-healthcheck')) {
    if (given) throw new Error('--no-healthcheck conflicts with --health-* options');
    return { Test: ['NONE'] };
  }
  if (!given) return undefined;
  for (const f of NEGATIVE_CHECKS) if (num(p, f) < 0) throw new Error(`--${f} cannot be negative`);
  const out: HealthConfig = cmd !== '' ? { Test: ['CMD-SHELL', cmd] } : {};
  for (const [flag, field] of DURATIONS) if (num(p, flag) !== 0) (out as Record<string, number>)[field] = num(p, flag);
  if (num(p, 'health-retries') !== 0) out.Retries = num(p, 'health-retries');
  return out;
}
