/**
 * The Prober healthchecks use (containers/probe.ts), as Docker runs a probe: an exec instance in
 * the container (its user and working directory, no TTY, no stdin) that is announced like any
 * exec and forgotten once it ends. Its output (stdout and stderr interleaved) is kept up to 4096
 * bytes, then "..." as Docker's limitedBuffer marks a cut. At the timeout, or when the signal
 * aborts, the process and everything it started are killed and the result is -1; the session's
 * files go with its end.
 */
import type { ExecProcess } from '../../runtime/runtime.js';
import type { ContainerRecord } from '../containers/record.js';
import type { LogSubject } from '../containers/logs/reader.js';
import { readLog } from '../containers/logs/reader.js';
import { PROBE_OUTPUT_LIMIT, type ProbeOptions, type ProbeResult, type Prober } from '../containers/probe.js';
import { toEngineError } from '../errors.js';
import { createExec } from './create.js';
import { launch, type ExecDeps } from './run.js';

const SIGKILL = 9;
/** conmon starts a new log file past this: a probe's output beyond it is not kept anyway. */
const PROBE_LOG_MAX = 1024 * 1024;
/** How long a killed probe may take to be reported ended. */
const KILL_WAIT_MS = 10_000;

/** The first PROBE_OUTPUT_LIMIT bytes of the output, read as it comes; stops reading once full. */
class LimitedOutput {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #cut = false;
  readonly #stop = new AbortController();

  read(log: LogSubject): Promise<void> {
    return readLog(log, { stdout: true, stderr: true, follow: true, fromOffset: 0, signal: this.#stop.signal }, (e) => this.#add(e.data));
  }

  #add(data: Buffer): void {
    const keep = Math.min(PROBE_OUTPUT_LIMIT - this.#size, data.length);
    if (keep > 0) this.#chunks.push(data.subarray(0, keep));
    this.#size += keep;
    if (keep < data.length) {
      this.#cut = true;
      this.#stop.abort();
    }
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8') + (this.#cut ? '...' : '');
  }
}

/** Resolves true when `p` ends within `ms` (or the signal aborts: false). */
function endsWithin(p: ExecProcess, ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), ms);
    const onAbort = () => done(false);
    const done = (ended: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(ended);
    };
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted) done(false);
    void p.exited.then(() => done(true));
  });
}

async function probe(x: ExecDeps, rec: ContainerRecord, cmd: string[], o: ProbeOptions): Promise<ProbeResult> {
  let id = '';
  try {
    const e = createExec(x, rec.Id, { Cmd: cmd, AttachStdout: true, AttachStderr: true, User: rec.Config.User ?? '', WorkingDir: rec.Config.WorkingDir ?? '' });
    id = e.ID;
    const output = new LimitedOutput();
    let read = Promise.resolve();
    const p = await launch(x, e, { logSizeMax: PROBE_LOG_MAX, attach: (_p, log) => (read = output.read(log)) });
    if (!(await endsWithin(p, o.timeoutMs, o.signal))) {
      await p.kill(SIGKILL, { tree: true });
      await endsWithin(p, KILL_WAIT_MS);
      return { exitCode: -1, output: output.text() };
    }
    const code = await p.exited;
    await read;
    return { exitCode: code, output: output.text() };
  } catch (err) {
    return { exitCode: -1, output: toEngineError(err).message };
  } finally {
    if (id) x.store.delete(id);
  }
}

/** The Prober over exec. */
export function execProber(x: ExecDeps): Prober {
  return (rec, cmd, o) => probe(x, rec, cmd, o);
}
