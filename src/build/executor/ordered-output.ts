/**
 * Stages build concurrently, but the stream reads as the legacy builder's, stage after stage: the
 * first unfinished stage (in Dockerfile order) writes through; later ones are held until it is done.
 */
import type { BuildOutput } from './output.js';

export class OrderedOutputs {
  #current = 0;
  readonly #held: Array<Array<(o: BuildOutput) => void>>;
  readonly #done: boolean[];

  constructor(readonly out: BuildOutput, count: number) {
    this.#held = Array.from({ length: count }, () => []);
    this.#done = Array.from({ length: count }, () => false);
  }

  /** The output of stage `i` (its position among the stages being built). */
  for(i: number): BuildOutput {
    const send = (f: (o: BuildOutput) => void) => (i === this.#current ? f(this.out) : this.#held[i]!.push(f));
    return {
      stream: (t) => send((o) => o.stream(t)),
      aux: (v) => send((o) => o.aux(v)),
      status: (t, id) => send((o) => o.status(t, id)),
      layer: (id, st, d) => send((o) => o.layer(id, st, d)),
    };
  }

  /** Stage `i` is finished: the next ones write what they held, in order. */
  finish(i: number): void {
    this.#done[i] = true;
    while (this.#current < this.#done.length && this.#done[this.#current]) {
      this.#current++;
      this.#flush(this.#current);
    }
  }

  #flush(i: number): void {
    const held = this.#held[i];
    if (!held) return;
    for (const f of held.splice(0)) f(this.out);
  }
}
