/**
 * Parser nodes to typed instructions (BuildKit's instructions.Parse), checked as far as they can be
 * without the build's environment, with Docker 20.10's messages. Flags are BuildKit's set (beyond
 * the legacy builder, which refused --chmod, --mount, --link, --network). Words stay as written:
 * `expandInstruction` expands them when the executor reaches the step.
 */
import type { Dockerfile as Ast, InstructionNode } from '../parser/ast.js';
import { parseFlags, type FlagKind, type Flags } from './flags.js';
import { HEALTHCHECK_FLAGS, parseHealthcheck } from './healthcheck.js';
import { parseRunMount } from './run-mount.js';
import {
  InstructionError, type ArgInstruction, type CommandLine, type Dockerfile, type FromInstruction, type Instruction, type Location, type Stage,
} from './types.js';
import { jsonOrWords, maybeJson, parseNameVal, parseWords, whitespaceWords } from './words.js';

interface Ctx { node: InstructionNode; flags: Flags; esc: string; line: number; location: Location; fail(message: string): never }

type Parse = (c: Ctx) => Instruction | FromInstruction;

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

/** The command of RUN/CMD/ENTRYPOINT: the JSON form as is, else the text for the shell. */
function commandLine(c: Ctx): CommandLine {
  const json = maybeJson(c.node.args, c.line);
  return json ? { form: 'exec', args: json } : { form: 'shell', command: c.node.args };
}

function atLeastOne(c: Ctx, keyword: string): void {
  if (c.node.args.trim() === '') c.fail(`${keyword} requires at least one argument`);
}

function exactlyOne(c: Ctx, keyword: string): string {
  // The legacy builder takes several words as one string; only an empty argument is refused.
  if (c.node.args.trim() === '') c.fail(`${keyword} requires exactly one argument`);
  return c.node.args.trim();
}

/** COPY/ADD sources and destination: the JSON form or whitespace words; the last is the destination. */
function sourcesAndDest(c: Ctx, keyword: string): { sources: string[]; dest: string } {
  const words = jsonOrWords(c.node.args, c.line);
  if (words.length < 2) c.fail(`${keyword} requires at least two arguments, but only one was provided. Destination could not be determined`);
  return { sources: words.slice(0, -1), dest: words.at(-1)! };
}

function fileBase(c: Ctx, keyword: string) {
  const { sources, dest } = sourcesAndDest(c, keyword);
  const chown = c.flags.string('chown');
  const chmod = c.flags.string('chmod');
  return {
    sources, dest, heredocs: c.node.heredocs, link: c.flags.bool('link'), exclude: c.flags.list('exclude'),
    ...(chown !== undefined ? { chown } : {}), ...(chmod !== undefined ? { chmod } : {}),
  };
}

const FILE_FLAGS: Record<string, FlagKind> = { chown: 'string', chmod: 'string', link: 'bool', exclude: 'strings' };

/** Each keyword: its flags and its parser. */
const INSTRUCTIONS: Record<string, { flags?: Record<string, FlagKind>; parse: Parse }> = {
  FROM: {
    flags: { platform: 'string' },
    parse: (c) => {
      const words = whitespaceWords(c.node.args);
      if (words.length !== 1 && !(words.length === 3 && words[1]!.toLowerCase() === 'as')) c.fail('FROM requires either one or three arguments');
      const name = words[2]?.toLowerCase();
      if (name !== undefined && !STAGE_NAME.test(name)) c.fail(`invalid name for build stage: "${words[2]}", name can't start with a number or contain symbols`);
      const platform = c.flags.string('platform');
      return { kind: 'from', image: words[0]!, ...(name ? { stageName: name } : {}), ...(platform ? { platform } : {}), location: c.location };
    },
  },
  RUN: {
    flags: { mount: 'strings', network: 'string', security: 'string' },
    parse: (c) => {
      const network = c.flags.string('network');
      if (network !== undefined && network !== 'default' && network !== 'none' && network !== 'host') c.fail(`unsupported network mode "${network}"`);
      const security = c.flags.string('security');
      if (security !== undefined && security !== 'sandbox' && security !== 'insecure') c.fail(`unsupported security mode "${security}"`);
      return {
        kind: 'run', command: commandLine(c), heredocs: c.node.heredocs, mounts: c.flags.list('mount').map((m) => parseRunMount(m, c.line)),
        ...(network ? { network } : {}), ...(security ? { security } : {}), location: c.location,
      } as Instruction;
    },
  },
  CMD: { parse: (c) => ({ kind: 'cmd', command: commandLine(c), location: c.location }) },
  ENTRYPOINT: { parse: (c) => ({ kind: 'entrypoint', command: commandLine(c), location: c.location }) },
  LABEL: { parse: (c) => ({ kind: 'label', labels: parseNameVal(c.node.args, 'LABEL', c.esc, c.line), location: c.location }) },
  ENV: { parse: (c) => ({ kind: 'env', env: parseNameVal(c.node.args, 'ENV', c.esc, c.line), location: c.location }) },
  MAINTAINER: { parse: (c) => ({ kind: 'maintainer', maintainer: exactlyOne(c, 'MAINTAINER'), location: c.location }) },
  EXPOSE: {
    parse: (c) => {
      atLeastOne(c, 'EXPOSE');
      return { kind: 'expose', ports: whitespaceWords(c.node.args), location: c.location };
    },
  },
  COPY: {
    flags: { ...FILE_FLAGS, from: 'string', parents: 'bool' },
    parse: (c) => {
      const from = c.flags.string('from');
      return { kind: 'copy', ...fileBase(c, 'COPY'), ...(from !== undefined ? { from } : {}), parents: c.flags.bool('parents'), location: c.location };
    },
  },
  ADD: {
    flags: { ...FILE_FLAGS, 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool' },
    parse: (c) => {
      const checksum = c.flags.string('checksum');
      return {
        kind: 'add', ...fileBase(c, 'ADD'), keepGitDir: c.flags.bool('keep-git-dir'), ...(checksum ? { checksum } : {}),
        ...(c.flags.has('unpack') ? { unpack: c.flags.bool('unpack') } : {}), location: c.location,
      };
    },
  },
  VOLUME: {
    parse: (c) => {
      const volumes = jsonOrWords(c.node.args, c.line);
      if (volumes.length === 0) c.fail('VOLUME requires at least one argument');
      if (volumes.some((v) => v.trim() === '')) c.fail('VOLUME specified can not be an empty string');
      return { kind: 'volume', volumes, location: c.location };
    },
  },
  USER: { parse: (c) => ({ kind: 'user', user: exactlyOne(c, 'USER'), location: c.location }) },
  WORKDIR: { parse: (c) => ({ kind: 'workdir', path: exactlyOne(c, 'WORKDIR'), location: c.location }) },
  ARG: {
    parse: (c) => {
      const words = parseWords(c.node.args, c.esc);
      if (words.length === 0) c.fail('ARG requires at least one argument');
      const args = words.map((w) => {
        const eq = w.indexOf('=');
        if (eq === 0) c.fail('ARG names can not be blank');
        return eq < 0 ? { key: w } : { key: w.slice(0, eq), value: w.slice(eq + 1) };
      });
      return { kind: 'arg', args, location: c.location };
    },
  },
  ONBUILD: {
    parse: (c) => {
      const text = c.node.args.trim();
      if (text === '') c.fail('ONBUILD requires at least one argument');
      const keyword = text.split(/\s/, 1)[0]!.toUpperCase();
      if (keyword === 'ONBUILD') c.fail('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
      if (keyword === 'FROM' || keyword === 'MAINTAINER') c.fail(`${keyword} isn't allowed as an ONBUILD trigger`);
      return { kind: 'onbuild', expression: text, location: c.location };
    },
  },
  STOPSIGNAL: { parse: (c) => ({ kind: 'stopsignal', signal: exactlyOne(c, 'STOPSIGNAL'), location: c.location }) },
  HEALTHCHECK: {
    flags: HEALTHCHECK_FLAGS,
    parse: (c) => ({ kind: 'healthcheck', health: parseHealthcheck(c.node.args.trim(), c.flags, c.line), location: c.location }),
  },
  SHELL: {
    parse: (c) => {
      atLeastOne(c, 'SHELL');
      const json = maybeJson(c.node.args, c.line);
      if (!json) return c.fail('SHELL requires the arguments to be in JSON form');
      if (json.length === 0) c.fail('SHELL requires at least one argument');
      return { kind: 'shell', shell: json, location: c.location };
    },
  },
};

/** Whether `keyword` (any case) is an instruction. */
export function isInstruction(keyword: string): boolean {
  return Object.hasOwn(INSTRUCTIONS, keyword.toUpperCase());
}

/** One node as a typed instruction. Throws InstructionError with the node's line. */
export function parseInstruction(node: InstructionNode, esc = '\\'): Instruction | FromInstruction {
  const line = node.startLine;
  const spec = INSTRUCTIONS[node.keyword];
  if (!spec) throw new InstructionError(`unknown instruction: ${node.keyword}`, line);
  const flags = parseFlags(node.flags, spec.flags ?? {}, line);
  const location = { startLine: node.startLine, endLine: node.endLine, original: node.original };
  return spec.parse({ node, flags, esc, line, location, fail: (m) => { throw new InstructionError(m, line); } });
}

/** A parsed Dockerfile as stages. Every instruction is checked before any runs (as Docker does). */
export function parseInstructions(ast: Ast): Dockerfile {
  const esc = ast.directives.escape;
  const metaArgs: ArgInstruction[] = [];
  const stages: Stage[] = [];
  for (const node of ast.instructions) {
    const ins = parseInstruction(node, esc);
    if (ins.kind === 'from') {
      stages.push({ ...(ins.stageName ? { name: ins.stageName } : {}), base: ins.image, ...(ins.platform ? { platform: ins.platform } : {}), commands: [], location: ins.location });
      continue;
    }
    const stage = stages.at(-1);
    if (stage) stage.commands.push(ins);
    else if (ins.kind === 'arg') metaArgs.push(ins);
    else throw new InstructionError('no build stage in current context', node.startLine, 'plain');
  }
  return { metaArgs, stages, escape: esc };
}
