/** A tiny levelled logger writing one line per event to a stream (stderr by default). */
import type { LogLevel } from './config.js';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Logs `time level msg key=value…` lines at or above a level. */
export class Logger {
  readonly #level: number;
  readonly #out: NodeJS.WritableStream;
  constructor(level: LogLevel, out: NodeJS.WritableStream = process.stderr) {
    this.#level = ORDER[level];
    this.#out = out;
  }
  enabled(level: LogLevel): boolean {
    return ORDER[level] >= this.#level;
  }
  debug(msg: string, fields?: Record<string, unknown>): void {
    this.#write('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.#write('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.#write('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.#write('error', msg, fields);
  }
  #write(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    const kv = Object.entries(fields ?? {}).map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
    this.#out.write(`${new Date().toISOString()} ${level} ${JSON.stringify(msg)}${kv.length ? ' ' + kv.join(' ') : ''}\n`);
  }
}
