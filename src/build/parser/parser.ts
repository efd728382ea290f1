/**
 * The Dockerfile's line grammar, as BuildKit's frontend parser reads it: parser directives at the
 * very top (a comment, a blank line or an instruction ends them), the escape character for line
 * continuations, comment lines (also inside continuations, where blank lines are skipped too),
 * `--flag` words, the JSON form, and here-documents for RUN, COPY and ADD (several per line, their
 * bodies on the following lines). Word expansion and the meaning of each instruction belong to the
 * next phase (instructions/); this one only cuts the text up and says where it came from.
 */
import { DockerfileSyntaxError, type Directives, type Dockerfile, type Heredoc, type InstructionNode } from './ast.js';

const DIRECTIVE_RE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);
/** `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'` at a position (a name as the shell allows one). */
const HEREDOC_AT = /^<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/;

/** The here-document markers of a shell-form argument string, in order, outside quotes (as a shell sees them). */
export function heredocMarkers(args: string, esc: string): Array<{ name: string; chomp: boolean; expand: boolean }> {
  const out: Array<{ name: string; chomp: boolean; expand: boolean }> = [];
  let quote = '';
  for (let i = 0; i < args.length; i++) {
    const ch = args[i]!;
    if (ch === esc && quote !== "'") {
      i++;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      continue;
    }
    const m = ch === '<' ? HEREDOC_AT.exec(args.slice(i)) : null;
    if (m) {
      out.push({ name: m[3]!, chomp: m[1] === '-', expand: m[2] === '' });
      i += m[0].length - 1;
    }
  }
  return out;
}

/** Reads the directives at the top; returns them and the index of the first line after them. */
function readDirectives(lines: string[]): { directives: Directives; next: number } {
  const directives: Directives = { escape: '\\' };
  const seen = new Set<string>();
  let i = 0;
  for (; i < lines.length; i++) {
    const m = DIRECTIVE_RE.exec(lines[i]!);
    if (!m) break;
    const key = m[1]!.toLowerCase();
    if (!KNOWN_DIRECTIVES.has(key)) break; // an unknown directive is a comment, and comments end directives
    if (seen.has(key)) throw new DockerfileSyntaxError(`only one ${key} parser directive can be used`, i + 1);
    seen.add(key);
    const value = m[2]!;
    if (key === 'escape') {
      if (value !== '\\' && value !== '`') throw new DockerfileSyntaxError(`invalid escape token '${value}' does not match \` or \\`, i + 1);
      directives.escape = value;
    } else directives[key as 'syntax' | 'check'] = value;
  }
  return { directives, next: i };
}

/** The leading `--flag[=value]` words of `rest` (quotes kept inside a word), and what follows. */
export function splitFlags(rest: string): { flags: string[]; args: string } {
  const flags: string[] = [];
  let s = rest.trimStart();
  while (s.startsWith('--')) {
    let end = 0;
    let quote = '';
    for (; end < s.length; end++) {
      const ch = s[end]!;
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (/\s/.test(ch)) break;
    }
    const word = s.slice(0, end);
    if (word === '--') {
      s = s.slice(end).trimStart();
      break;
    }
    flags.push(word);
    s = s.slice(end).trimStart();
  }
  return { flags, args: s.trimEnd() };
}

/** The arguments as a JSON array of strings, or undefined for the shell form. */
export function jsonForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(args) as unknown;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a whole Dockerfile. */
export function parseDockerfile(text: string): Dockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const { directives, next } = readDirectives(lines);
  const esc = directives.escape;
  const continuation = new RegExp(`${esc === '\\' ? '\\\\' : '`'}[ \\t]*$`);
  const instructions: InstructionNode[] = [];
  for (let i = next; i < lines.length; i++) {
    const first = lines[i]!.trimStart();
    if (first === '' || first.startsWith('#')) continue;
    const start = i;
    let logical = '';
    let line = first;
    // Join continuation lines (the escape character dropped); comment and blank lines inside are skipped.
    for (;;) {
      if (!continuation.test(line)) {
        logical += line;
        break;
      }
      logical += line.replace(continuation, '');
      do i++; while (i < lines.length && (lines[i]!.trim() === '' || lines[i]!.trimStart().startsWith('#')));
      if (i >= lines.length) break;
      line = lines[i]!; // BuildKit keeps a continuation line's leading whitespace

    }
    const node = toNode(logical.trim(), start + 1, Math.min(i, lines.length - 1) + 1);
    if (HEREDOC_INSTRUCTIONS.has(node.keyword)) i = readHeredocs(node, lines, i + 1, esc) - 1;
    instructions.push(node);
  }
  if (instructions.length === 0) throw new DockerfileSyntaxError('file with no instructions');
  return { directives, instructions };
}

function toNode(logical: string, startLine: number, endLine: number): InstructionNode {
  const sp = logical.search(/\s/);
  const keyword = (sp < 0 ? logical : logical.slice(0, sp)).toUpperCase();
  const { flags, args } = splitFlags(sp < 0 ? '' : logical.slice(sp));
  const json = jsonForm(args);
  return { keyword, flags, args, ...(json ? { json } : {}), heredocs: [], original: logical, startLine, endLine };
}

/** Reads the bodies of the node's here-documents from `lines[from…]`; the index after the last. */
function readHeredocs(node: InstructionNode, lines: string[], from: number, esc: string): number {
  if (node.json) return from;
  const marks = heredocMarkers(node.args, esc);
  let i = from;
  for (const { name, chomp, expand } of marks) {
    const body: string[] = [];
    for (;; i++) {
      if (i >= lines.length) throw new DockerfileSyntaxError(`unterminated heredoc ${name}`, node.startLine);
      const text = chomp ? lines[i]!.replace(/^\t+/, '') : lines[i]!;
      if (text === name) {
        i++;
        break;
      }
      body.push(`${text}\n`);
    }
    const doc: Heredoc = { name, content: body.join(''), expand, chomp };
    node.heredocs.push(doc);
  }
  if (marks.length > 0) node.endLine = i;
  return i;
}
