/**
 * Running a command inside a pseudo-terminal (util-linux `script`), for the interactive paths of
 * the CLIs (`-it`, raw mode, detach keys). The terminal's size can be set before the command runs.
 */
import { spawn } from 'node:child_process';

const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

export interface PtySession {
  /** Everything the terminal showed so far. */
  readonly output: () => string;
  /** Types `text` into the terminal. */
  write(text: string): void;
  /** Resolves once the output matches `re` (rejects after `ms`). */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  /** The command's end: its exit status and all output. */
  readonly done: Promise<{ code: number | null; out: string }>;
}

/** Starts `argv` in a pseudo-terminal of `rows`×`cols` (default 24×80); it is killed after `timeoutMs`. */
export function ptySession(argv: string[], o: { rows?: number; cols?: number; timeoutMs?: number } = {}): PtySession {
  const cmd = `stty rows ${o.rows ?? 24} cols ${o.cols ?? 80}; exec ${argv.map(quote).join(' ')}`;
  const child = spawn('script', ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const killer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 20_000);
  const done = new Promise<{ code: number | null; out: string }>((resolve) => child.on('close', (code) => { clearTimeout(killer); resolve({ code, out }); }));
  return {
    output: () => out,
    write: (text) => void child.stdin.write(text),
    waitFor: async (re, ms = 10_000) => {
      const end = Date.now() + ms;
      while (!re.test(out)) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${re} in ${JSON.stringify(out)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    done,
  };
}

/** Runs `argv` in a pseudo-terminal, typing `input` after `delayMs`. */
export function inPty(argv: string[], input: string, delayMs = 700): Promise<{ code: number | null; out: string }> {
  const s = ptySession(argv);
  setTimeout(() => s.write(input), delayMs);
  return s.done;
}
