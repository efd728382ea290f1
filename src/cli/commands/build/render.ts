/**
 * `wharf build`'s progress: the daemon's legacy build stream (`Step 2/5 : RUN make`, the step's output,
 * ` ---> Using cache`, ` ---> <id>`, …) drawn as BuildKit's plain progress — one `#N` block per step
 * with its output lines timed from the step's start, `CACHED` or `DONE <seconds>` at its end, then the
 * image written and named. Pure: text in, text out, the clock given.
 */
import type { JsonMessage } from '../../../client/json-stream.js';

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const NOISE = /^( ---> (Running in [0-9a-f]+|[0-9a-f]{12}|)|Removing intermediate container [0-9a-f]+)$/;

export class BuildRenderer {
  #step = 0;
  #started = 0;
  #cached = false;
  #partial = '';
  #id = '';
  /** The number of the last step seen (the export block comes after it). */
  #last = 0;

  /** `write` gets the text to show; `now` is milliseconds (injected for tests). */
  constructor(private readonly write: (text: string) => void, private readonly now: () => number = () => Date.now()) {}

  /** Feeds one message of the stream. */
  message(m: JsonMessage): void {
    if (m.aux && typeof m.aux.ID === 'string') this.#id = m.aux.ID;
    if (typeof m.stream === 'string') this.#text(m.stream);
    else if (m.status && !m.progressDetail?.total) this.#line(`${m.id ? `${m.id}: ` : ''}${m.status}`);
  }

  /** The build failed with `message`: the open step ends in ERROR. */
  error(message: string): void {
    this.#flush();
    this.write(`${this.#step ? `#${this.#step} ` : ''}ERROR: ${message}\n`);
    this.#step = 0;
  }

  /** The stream ended. */
  end(): void {
    this.#flush();
    this.#close();
  }

  #text(text: string): void {
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop()!;
    for (const l of lines) this.#line(l.replace(/\r$/, ''));
  }

  #flush(): void {
    if (this.#partial !== '') this.#line(this.#partial);
    this.#partial = '';
  }

  #close(): void {
    if (!this.#step) return;
    const secs = ((this.now() - this.#started) / 1000).toFixed(1);
    this.write(`#${this.#step} ${this.#cached ? 'CACHED' : `DONE ${secs}s`}\n`);
    this.#step = 0;
  }

  #line(raw: string): void {
    // The legacy builder paints a step's stderr red; plain progress shows it as text.
    const line = raw.replace(/\x1b\[(91|0)m/g, '');
    const step = STEP.exec(line);
    if (step) {
      this.#close();
      this.#step = this.#last = Number(step[1]);
      this.#started = this.now();
      this.#cached = false;
      this.write(`\n#${this.#step} [${step[1]}/${step[2]}] ${step[3]}\n`);
      return;
    }
    if (line === ' ---> Using cache') {
      this.#cached = true;
      return;
    }
    if (NOISE.test(line)) return;
    const built = /^Successfully built ([0-9a-f]+)$/.exec(line);
    if (built) {
      this.#close();
      this.#step = this.#last + 1;
      this.#started = this.now();
      this.#cached = false;
      this.write(`\n#${this.#step} exporting to image\n#${this.#step} writing image ${this.#id || built[1]} done\n`);
      return;
    }
    const tagged = /^Successfully tagged (.+)$/.exec(line);
    if (tagged) return void this.write(`#${this.#step} naming to ${tagged[1]} done\n`);
    const warn = /^\[Warning\] (.*)$/.exec(line);
    if (warn) return void this.write(`WARNING: ${warn[1]}\n`);
    if (!this.#step) return void this.write(`${line}\n`);
    const t = ((this.now() - this.#started) / 1000).toFixed(3);
    this.write(`#${this.#step} ${t} ${line}\n`);
  }
}
