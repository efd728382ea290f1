/**
 * The Dockerfile as typed instructions (the builder's second phase: parser → instructions →
 * executor), after BuildKit's instructions package. Words are kept as written (quotes and `$` in
 * place): expansion needs the build's environment at the step, so it happens when the executor
 * reaches the instruction (`expandInstruction`). Everything that can be checked without that
 * environment is checked while parsing, with the line in the message.
 */
import type { Heredoc } from '../parser/ast.js';

/** Where an instruction came from: 1-based lines, and its text as written (for messages and history). */
export interface Location { startLine: number; endLine: number; original: string }

/** A command as RUN, CMD, ENTRYPOINT and HEALTHCHECK take it. */
export type CommandLine =
  /** JSON form: run as is, no shell, no expansion. */
  | { form: 'exec'; args: string[] }
  /** Shell form: the text, given to the stage's SHELL. */
  | { form: 'shell'; command: string };

/** `key=value` of ENV and LABEL (and `ENV key value`, the legacy form). */
export interface KeyValue { key: string; value: string }

/** A `RUN --mount=` (BuildKit's mount types). */
export type RunMount =
  | { type: 'bind'; target: string; source?: string; from?: string; readonly: boolean }
  | { type: 'cache'; target: string; id?: string; sharing: 'shared' | 'private' | 'locked'; source?: string; from?: string; readonly: boolean; mode?: number; uid?: number; gid?: number }
  | { type: 'tmpfs'; target: string; size?: number }
  | { type: 'secret'; id: string; target?: string; env?: string; required: boolean; mode: number; uid: number; gid: number }
  | { type: 'ssh'; id: string; target?: string; required: boolean };

/** HEALTHCHECK's settings, in nanoseconds as the image config keeps them; `test` as Docker stores it. */
export interface HealthSettings {
  /** `["NONE"]`, `["CMD", …]` or `["CMD-SHELL", "…"]`. */
  test: string[];
  interval?: number;
  timeout?: number;
  startPeriod?: number;
  startInterval?: number;
  retries?: number;
}

interface Base { location: Location }

export interface FromInstruction extends Base { kind: 'from'; image: string; stageName?: string; platform?: string }
export interface RunInstruction extends Base {
  kind: 'run'; command: CommandLine; heredocs: Heredoc[]; mounts: RunMount[]; network?: 'default' | 'none' | 'host'; security?: 'sandbox' | 'insecure';
}
export interface CmdInstruction extends Base { kind: 'cmd'; command: CommandLine }
export interface EntrypointInstruction extends Base { kind: 'entrypoint'; command: CommandLine }
export interface LabelInstruction extends Base { kind: 'label'; labels: KeyValue[] }
export interface MaintainerInstruction extends Base { kind: 'maintainer'; maintainer: string }
export interface ExposeInstruction extends Base { kind: 'expose'; ports: string[] }
export interface EnvInstruction extends Base { kind: 'env'; env: KeyValue[] }
/** COPY and ADD share their file rules; `heredocs` are inline sources (`COPY <<EOF /dst`). */
interface FileBase extends Base {
  sources: string[]; dest: string; heredocs: Heredoc[];
  chown?: string; chmod?: string; link: boolean; exclude: string[];
}
export interface CopyInstruction extends FileBase { kind: 'copy'; from?: string; parents: boolean }
export interface AddInstruction extends FileBase { kind: 'add'; keepGitDir: boolean; checksum?: string; unpack?: boolean }
export interface VolumeInstruction extends Base { kind: 'volume'; volumes: string[] }
export interface UserInstruction extends Base { kind: 'user'; user: string }
export interface WorkdirInstruction extends Base { kind: 'workdir'; path: string }
/** `ARG a`, `ARG a=b`, several per line. */
export interface ArgInstruction extends Base { kind: 'arg'; args: Array<{ key: string; value?: string }> }
/** The trigger as written after ONBUILD (`RUN echo hi`), already checked to be a valid instruction. */
export interface OnbuildInstruction extends Base { kind: 'onbuild'; expression: string }
export interface StopsignalInstruction extends Base { kind: 'stopsignal'; signal: string }
export interface HealthcheckInstruction extends Base { kind: 'healthcheck'; health: HealthSettings }
export interface ShellInstruction extends Base { kind: 'shell'; shell: string[] }

export type Instruction =
  | RunInstruction | CmdInstruction | EntrypointInstruction | LabelInstruction | MaintainerInstruction
  | ExposeInstruction | EnvInstruction | CopyInstruction | AddInstruction | VolumeInstruction | UserInstruction
  | WorkdirInstruction | ArgInstruction | OnbuildInstruction | StopsignalInstruction | HealthcheckInstruction
  | ShellInstruction;

/** One `FROM` and what follows it up to the next. */
export interface Stage {
  /** `AS name`, lower-cased (names are case-insensitive). */
  name?: string;
  /** The base as written (`busybox`, `${BASE}`, `scratch`, another stage's name). */
  base: string;
  /** `--platform=` as written. */
  platform?: string;
  commands: Instruction[];
  location: Location;
}

/** A whole Dockerfile: the ARGs before the first FROM, and the stages. */
export interface Dockerfile {
  metaArgs: ArgInstruction[];
  stages: Stage[];
  /** `# escape=` (needed to expand words). */
  escape: '\\' | '`';
}

/**
 * How Docker 20.10's legacy builder reports an error: `line` as "dockerfile parse error line N: msg"
 * (the instructions phase), `parser` as "failed to parse Dockerfile: msg" (the line parser: ENV/LABEL
 * name=value, JSON of non-strings), `plain` as the message alone ("no build stage in current context").
 */
export type InstructionErrorReport = 'line' | 'parser' | 'plain';

/** A Dockerfile that parses but is wrong; the message names the line as Docker does. */
export class InstructionError extends Error {
  readonly code = 'DOCKERFILE_INSTRUCTION';
  constructor(message: string, readonly line: number, readonly report: InstructionErrorReport = 'line') {
    super(message);
  }

  /** The message as the legacy daemon gives it (see /work/oracle/instructions-errors.md). */
  daemonMessage(): string {
    if (this.report === 'line') return `dockerfile parse error line ${this.line}: ${this.message}`;
    return this.report === 'parser' ? `failed to parse Dockerfile: ${this.message}` : this.message;
  }
}
