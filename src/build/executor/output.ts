/**
 * The build's progress as Docker's legacy builder writes it on `POST /build`: `{"stream": …}` text
 * (`Step 2/5 : RUN …`, ` ---> Running in …`, the step's output, ` ---> <id>`), pull progress during
 * FROM, and `{"aux": {"ID": …}}` for the result. The docker CLI prints the stream as it comes; `wharf
 * build` draws its per-step view from the same lines.
 */
import type { Digest } from '../../oci/digest.js';
import type { PullProgressSink } from './worker.js';

/** Where the build's messages go (the API turns each into one JSON line). */
export interface BuildOutput extends PullProgressSink {
  /** Text for the client's terminal (`stream`). */
  stream(text: string): void;
  aux(value: Record<string, unknown>): void;
}

/** Docker's short form of an image or container ID (12 hex digits). */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** The legacy builder's lines, over an output. */
export class StepLog {
  constructor(readonly out: BuildOutput, readonly quiet: boolean) {}

  #line(text: string): void {
    if (!this.quiet) this.out.stream(text);
  }

  step(n: number, total: number, original: string): void {
    this.#line(`Step ${n}/${total} : ${original}\n`);
  }

  /** ` ---> <id>` after a step (empty for `FROM scratch`). */
  result(id: Digest | undefined): void {
    this.#line(` ---> ${id ? shortId(id) : ''}\n`);
  }

  usingCache(): void {
    this.#line(' ---> Using cache\n');
  }

  runningIn(container: string): void {
    this.#line(` ---> Running in ${shortId(container)}\n`);
  }

  removing(container: string): void {
    this.#line(`Removing intermediate container ${shortId(container)}\n`);
  }

  /** A step's process output, as it comes (not in quiet mode); stderr in the legacy builder's red. */
  output(stream: 'stdout' | 'stderr', data: Buffer): void {
    if (this.quiet) return;
    const text = data.toString('utf8');
    this.out.stream(stream === 'stderr' ? `\x1b[91m${text}\x1b[0m` : text);
  }

  note(text: string): void {
    this.#line(text);
  }

  /** Always shown, even with `q` (dockerd writes warnings to the stream then too). */
  warning(text: string): void {
    this.out.stream(`[Warning] ${text}\n`);
  }
}
