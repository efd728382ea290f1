/**
 * Restart policies as Docker defines them (moby restartmanager, daemon/container.go): their
 * validation at create, the decision at an exit, and the back-off between restarts. Pure: the
 * manager (manager.ts) keeps the state and the timers.
 */
import type { HostConfig, RestartPolicy } from '../record.js';
import { InvalidArgumentError } from '../../errors.js';

/** Docker's back-off: 100 ms, doubled at each restart, at most a minute; back to 100 ms after a run of 10 s. */
export const BACKOFF = { initialMs: 100, factor: 2, maxMs: 60_000, resetAfterRunMs: 10_000 } as const;

/** What a decision looks at, besides the policy. */
export interface ExitFacts {
  exitCode: number;
  /** The user stopped or killed it (Docker's HasBeenManuallyStopped). */
  manuallyStopped: boolean;
  /** Policy restarts since the user last started it. */
  restartCount: number;
}

/** `no` and the empty name: never restarted. */
export function isNone(p: RestartPolicy | undefined): boolean {
  return !p || p.Name === '' || p.Name === 'no';
}

/**
 * Docker's checks at create, in its order and words (20.10): AutoRemove excludes a policy, a count
 * only with on-failure and never negative, the four names (or none).
 */
export function validateRestartPolicy(h: Pick<HostConfig, 'AutoRemove' | 'RestartPolicy'>): void {
  const p = h.RestartPolicy;
  if (h.AutoRemove && !isNone(p)) throw new InvalidArgumentError("can't create 'AutoRemove' container with restart policy");
  if (!p) return;
  const count = p.MaximumRetryCount ?? 0;
  switch (p.Name) {
    case 'always': case 'unless-stopped': case 'no':
      if (count !== 0) throw new InvalidArgumentError(`maximum retry count cannot be used with restart policy '${p.Name}'`);
      return;
    case 'on-failure':
      if (count < 0) throw new InvalidArgumentError('maximum retry count cannot be negative');
      return;
    case '':
      return;
    default:
      throw new InvalidArgumentError(`invalid restart policy '${String(p.Name)}'`);
  }
}

/**
 * Whether the policy restarts a container that ended so (moby ShouldRestart): `always` always,
 * `unless-stopped` unless the user stopped it, `on-failure` on a non-zero code while fewer than
 * MaximumRetryCount restarts were made (0: no limit). A stop or kill by the user also cancels
 * the restart of a running container; the manager applies that (Docker's ExitOnNext).
 */
export function policyRestarts(p: RestartPolicy | undefined, f: ExitFacts): boolean {
  if (isNone(p)) return false;
  switch (p!.Name) {
    case 'always': return true;
    case 'unless-stopped': return !f.manuallyStopped;
    case 'on-failure': {
      const max = p!.MaximumRetryCount ?? 0;
      return f.exitCode !== 0 && (max === 0 || f.restartCount < max);
    }
    default: return false;
  }
}

/** The next back-off after `previousMs` (0: none yet), given how long the container ran. */
export function nextBackoff(previousMs: number, ranMs: number): number {
  const prev = ranMs >= BACKOFF.resetAfterRunMs ? 0 : previousMs;
  return prev === 0 ? BACKOFF.initialMs : Math.min(prev * BACKOFF.factor, BACKOFF.maxMs);
}
