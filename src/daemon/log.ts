/** The daemon's log: leveled lines on stderr, in logfmt like dockerd's. */
const LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'] as const;
export type Level = (typeof LEVELS)[number];

export interface Logger { debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void }

export function createLogger(min: Level): Logger {
  const at = LEVELS.indexOf(min);
  const emit = (level: Level) => (msg: string) => {
    if (LEVELS.indexOf(level) < at) return;
    process.stderr.write(`time="${new Date().toISOString()}" level=${level} msg=${JSON.stringify(msg)}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
