/**
 * Word expansion of an instruction at the step that runs it (BuildKit's Expand methods): which
 * fields take `$VAR` from the stage's ARGs and ENV. Commands (RUN, CMD, ENTRYPOINT, SHELL,
 * HEALTHCHECK) are left to the shell that runs them, ONBUILD to the build that triggers it,
 * MAINTAINER as written.
 */
import type { Heredoc } from '../parser/ast.js';
import type { Instruction, RunMount } from './types.js';

/** Expands one word (quotes removed), or a list of words split after expansion. */
export interface WordExpander {
  word(w: string): string;
  words(w: string): string[];
}

function expandMount(m: RunMount, x: WordExpander): RunMount {
  const opt = <K extends string>(k: K, v: string | undefined) => (v === undefined ? {} : { [k]: x.word(v) });
  switch (m.type) {
    case 'bind':
    case 'cache':
      return { ...m, target: x.word(m.target), ...opt('source', m.source), ...opt('from', m.from), ...(m.type === 'cache' ? opt('id', m.id) : {}) };
    case 'tmpfs':
      return { ...m, target: x.word(m.target) };
    default:
      return { ...m, id: x.word(m.id), ...opt('target', m.target) };
  }
}

/** Inline files of COPY/ADD: a here-document whose delimiter was not quoted has its variables expanded. */
function expandHeredocs(docs: readonly Heredoc[], x: WordExpander, raw: (s: string) => string): Heredoc[] {
  return docs.map((h) => (h.expand ? { ...h, content: raw(h.content) } : h));
}

/**
 * The instruction with its words expanded. `raw` expands a here-document's body, quotes and escapes
 * kept (BuildKit's heredoc expansion); it defaults to `word`.
 */
export function expandInstruction(ins: Instruction, x: WordExpander, raw: (s: string) => string = x.word): Instruction {
  switch (ins.kind) {
    case 'env':
      return { ...ins, env: ins.env.map((kv) => ({ key: x.word(kv.key), value: x.word(kv.value) })) };
    case 'label':
      return { ...ins, labels: ins.labels.map((kv) => ({ key: x.word(kv.key), value: x.word(kv.value) })) };
    case 'arg':
      return { ...ins, args: ins.args.map((a) => (a.value === undefined ? a : { key: a.key, value: x.word(a.value) })) };
    case 'expose':
      return { ...ins, ports: ins.ports.flatMap((p) => x.words(p)) };
    case 'volume':
      return { ...ins, volumes: ins.volumes.map((v) => x.word(v)) };
    case 'user':
      return { ...ins, user: x.word(ins.user) };
    case 'workdir':
      return { ...ins, path: x.word(ins.path) };
    case 'stopsignal':
      return { ...ins, signal: x.word(ins.signal) };
    case 'copy':
    case 'add': {
      const files = {
        ...ins, sources: ins.sources.map((s) => x.word(s)), dest: x.word(ins.dest), heredocs: expandHeredocs(ins.heredocs, x, raw),
        ...(ins.chown !== undefined ? { chown: x.word(ins.chown) } : {}), ...(ins.chmod !== undefined ? { chmod: x.word(ins.chmod) } : {}),
      };
      return ins.kind === 'copy' && ins.from !== undefined ? { ...files, from: x.word(ins.from) } as Instruction : files as Instruction;
    }
    case 'run':
      return { ...ins, mounts: ins.mounts.map((m) => expandMount(m, x)) };
    default:
      return ins;
  }
}
