/**
 * An attached exec start (`POST /exec/{id}/start` without Detach): `open` starts the process and
 * streams its output from the session's log from the first byte, stdin through its attach socket
 * (the container attach stream, stdio/stream.ts). A start that fails writes Docker's message and
 * `\r\n` to stdout, then ends, as Docker writes it on the hijacked connection.
 */
import type { ExecProcess } from '../../runtime/runtime.js';
import type { ExecAttachment, ExecStartOptions, OutputSink } from '../engine.js';
import type { LogSubject } from '../containers/logs/reader.js';
import { toEngineError } from '../errors.js';
import { StdioStream } from '../stdio/stream.js';
import type { ExecRecord } from './record.js';
import { launch, type ExecDeps } from './run.js';

export class ExecSession implements ExecAttachment {
  readonly #io: StdioStream;

  constructor(readonly x: ExecDeps, readonly exec: ExecRecord, readonly options: ExecStartOptions) {
    this.#io = new StdioStream({ stdin: exec.OpenStdin, stdout: exec.OpenStdout, stderr: exec.OpenStderr });
  }

  get tty(): boolean {
    return this.exec.Tty;
  }

  get detachKeys(): number[] {
    return this.exec.DetachKeys;
  }

  open(sink: OutputSink): void {
    this.#io.setSink(sink);
    const attach = (p: ExecProcess, log: LogSubject) => {
      this.#io.connect(log, p.attachSocketPath, 0, false);
      return new Promise<void>((r) => this.#io.onEnd(r));
    };
    launch(this.x, this.exec, { ...(this.options.consoleSize ? { consoleSize: this.options.consoleSize } : {}), attach }).catch((e: unknown) => {
      void Promise.resolve(sink.write('stdout', Buffer.from(`${toEngineError(e).message}\r\n`))).finally(() => this.#io.end());
    });
  }

  writeStdin(data: Buffer): void {
    this.#io.writeStdin(data);
  }

  closeStdin(): void {
    this.#io.closeStdin();
  }

  close(): void {
    this.#io.close();
  }
}
