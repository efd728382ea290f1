/**
 * What the Dockerfile parser produces (the first of the builder's three phases: parser →
 * instructions → executor): directives, then one node per instruction with its raw text, flags,
 * arguments, JSON form when it has one, here-documents, and the lines it came from, for messages.
 */

/** `# syntax=`, `# escape=`, `# check=` at the top of the file. */
export interface Directives {
  syntax?: string;
  /** The escape character: `\` (default) or `` ` ``. */
  escape: '\\' | '`';
  check?: string;
}

/** A here-document: `<<EOF` (expanded), `<<"EOF"`/`<<'EOF'` (not expanded), `<<-EOF` (leading tabs stripped). */
export interface Heredoc {
  name: string;
  /** The body, every line ending in a newline. */
  content: string;
  /** Whether variables in it are expanded (the delimiter was not quoted). */
  expand: boolean;
  /** `<<-`: leading tabs were stripped from each line. */
  chomp: boolean;
}

/** One instruction, as written. */
export interface InstructionNode {
  /** Upper case: `RUN`, `COPY`… (not checked here: the instructions phase knows which exist). */
  keyword: string;
  /** `--name=value` words before the arguments, as written (`--from=build`, `--mount=type=cache,target=/c`). */
  flags: string[];
  /** The arguments after the flags, continuation lines joined, comments inside them dropped. */
  args: string;
  /** The arguments as a JSON array of strings, when they are one (`CMD ["a","b"]`). */
  json?: string[];
  heredocs: Heredoc[];
  /** The instruction as written on its first line through its last (for `CREATED BY` and messages). */
  original: string;
  /** 1-based first and last line of the instruction, here-documents included. */
  startLine: number;
  endLine: number;
}

export interface Dockerfile {
  directives: Directives;
  instructions: InstructionNode[];
}

/** A Dockerfile that cannot be read; `line` is 1-based when known. */
export class DockerfileSyntaxError extends Error {
  readonly code = 'DOCKERFILE_SYNTAX';
  constructor(message: string, readonly line?: number) {
    super(line ? `dockerfile parse error on line ${line}: ${message}` : message);
  }
}
