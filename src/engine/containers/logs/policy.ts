/**
 * Log drivers and their options, as Docker's json-file and local drivers take them, stored the one
 * way Wharf stores logs (conmon's k8s-file, rotated by rotate.ts). `resolve` runs at create (Docker's
 * mergeAndVerifyLogConfig: the daemon's default driver and options fill in, unknown drivers and
 * options are refused); `limits` runs at start, where Docker parses the values, with its messages.
 *
 * Beyond Docker: the daemon's default json-file options cap and rotate every log (10 MB × 3 files
 * unless daemon.json's `log-opts` say otherwise), so no log fills the disk. Options Wharf does not
 * apply (compression, labels/env/tag attributes, non-blocking mode) are refused, not ignored.
 */
import { InvalidArgumentError, NotImplementedError } from '../../errors.js';

/** `HostConfig.LogConfig`. */
export interface LogConfig { Type: string; Config: Record<string, string> }

/** How a log is kept: rotate after `maxSize` bytes (0: never), keep `maxFiles` files. */
export interface LogLimits { maxSize: number; maxFiles: number; readable: boolean }

/** The log driver settings a daemon starts with (daemon.json `log-driver`, `log-opts`). */
export interface LogDefaults { driver: string; opts: Record<string, string> }

export const BUILTIN_LOG_DEFAULTS: LogDefaults = { driver: 'json-file', opts: { 'max-size': '10m', 'max-file': '3' } };

interface DriverSpec {
  /** The options it takes and the refusal of another; undefined: any, unchecked (Docker's ValidateLogOpts skips `none`). */
  opts?: { names: readonly string[]; unknown(key: string): string };
  limits(opts: Record<string, string>): LogLimits;
}

/** Options every driver takes (Docker's logger options). */
const GENERIC = ['mode', 'max-buffer-size'];

const DRIVERS: Record<string, DriverSpec> = {
  'json-file': {
    opts: {
      names: ['max-size', 'max-file', 'compress', 'labels', 'labels-regex', 'env', 'env-regex', 'tag'],
      unknown: (k) => `unknown log opt '${k}' for json-file log driver`,
    },
    limits: (o) => jsonFileLimits(o),
  },
  local: {
    opts: { names: ['max-size', 'max-file', 'compress'], unknown: (k) => `unknown log opt '${k}' for log driver local` },
    limits: (o) => localLimits(o),
  },
  // No log to read; conmon still needs a file for attach: a small one, never read back. Its options
  // are kept as given and mean nothing, as in Docker (only its CLI refuses them).
  none: { limits: () => ({ maxSize: 1024 * 1024, maxFiles: 1, readable: false }) },
};

/** The driver names `info` reports (Docker leaves `none` out). */
export const LOG_DRIVERS = ['json-file', 'local'];

/** A log option a start cannot use; the message is Docker's. */
export class LogOptionError extends Error {
  readonly code = 'LOG_OPTION';
}

export class LogPolicy {
  constructor(readonly defaults: LogDefaults = BUILTIN_LOG_DEFAULTS) {
    this.resolve({ Type: defaults.driver, Config: defaults.opts });
    this.limits({ Type: defaults.driver, Config: defaults.opts });
  }

  /** The container's effective config: driver and options checked, the daemon's defaults merged in. */
  resolve(requested?: Partial<LogConfig> | null): LogConfig {
    const type = requested?.Type || this.defaults.driver;
    const spec = DRIVERS[type];
    if (!spec) throw new InvalidArgumentError(`error looking up logging plugin ${type}: plugin "${type}" not found`);
    const config = { ...(requested?.Config ?? {}) };
    if (spec.opts) {
      for (const k of Object.keys(config)) if (!spec.opts.names.includes(k) && !GENERIC.includes(k)) throw new InvalidArgumentError(spec.opts.unknown(k));
      refuseUnapplied(config);
    }
    if (type === this.defaults.driver) for (const [k, v] of Object.entries(this.defaults.opts)) config[k] ??= v;
    return { Type: type, Config: config };
  }

  /** Whether `logs` can read what this config keeps. */
  readable(cfg: LogConfig | undefined): boolean {
    return (cfg?.Type ?? this.defaults.driver) !== 'none';
  }

  /** Rotation limits; throws LogOptionError with Docker's "failed to initialize logging driver: …". */
  limits(cfg: LogConfig): LogLimits {
    const spec = DRIVERS[cfg.Type];
    if (!spec) throw new LogOptionError(`failed to initialize logging driver: unknown log driver ${cfg.Type}`);
    try {
      return spec.limits(cfg.Config);
    } catch (e) {
      throw new LogOptionError(`failed to initialize logging driver: ${(e as Error).message}`);
    }
  }
}

function refuseUnapplied(config: Record<string, string>): void {
  for (const k of ['labels', 'labels-regex', 'env', 'env-regex', 'tag', 'max-buffer-size']) {
    if (config[k]) throw new NotImplementedError(`log opt '${k}' is not supported by Wharf yet`);
  }
  if (config.compress === 'true') throw new NotImplementedError(`log opt 'compress=true' is not supported by Wharf yet: rotated logs are kept uncompressed`);
  if (config.mode && config.mode !== 'blocking') {
    if (config.mode === 'non-blocking') throw new NotImplementedError(`log opt 'mode=non-blocking' is not supported by Wharf yet`);
    throw new InvalidArgumentError(`logger: logging mode not supported: ${config.mode}`);
  }
}

const DECIMAL: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };
const BINARY: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** docker/go-units FromHumanSize (decimal units) or RAMInBytes (binary), with their error text. */
export function parseSize(text: string, units: 'decimal' | 'binary'): number {
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(text);
  if (!m) throw new Error(`invalid size: '${text}'`);
  const mult = (units === 'decimal' ? DECIMAL : BINARY)[(m[2] ?? '').toLowerCase()]!;
  return Math.floor(Number(m[1]) * mult);
}

/** Go's strconv.Atoi, with its error text. */
function atoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  return Number(text);
}

function jsonFileLimits(o: Record<string, string>): LogLimits {
  let maxSize = 0;
  if (o['max-size'] !== undefined) {
    maxSize = parseSize(o['max-size'], 'decimal');
    if (maxSize <= 0) throw new Error('max-size must be a positive number');
  }
  const maxFiles = o['max-file'] !== undefined ? atoi(o['max-file']) : 1;
  if (maxFiles < 1) throw new Error('max-file cannot be less than 1');
  return { maxSize, maxFiles, readable: true };
}

function localLimits(o: Record<string, string>): LogLimits {
  const wrap = <T>(key: string, v: string, f: (s: string) => T): T => {
    try { return f(v); } catch (e) { throw new Error(`invalid value for ${key}: ${v}: ${(e as Error).message}`); }
  };
  const maxSize = o['max-size'] !== undefined ? wrap('max-size', o['max-size'], (s) => parseSize(s, 'binary')) : 20 * 1024 * 1024;
  const maxFiles = o['max-file'] !== undefined ? wrap('max-file', o['max-file'], atoi) : 5;
  if (maxFiles < 0) throw new Error('max file count cannot be less than 0');
  // Docker's local refuses 0 and 1 only because it compresses by default; uncompressed, 0 keeps one file.
  return { maxSize, maxFiles: Math.max(maxFiles, 1), readable: true };
}
