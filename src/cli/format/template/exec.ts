/**
 * Executes a parsed template against a value, with Go's rules where docker users can see them:
 * fields may be methods (functions on the object are called, with arguments when given), a missing
 * map key prints `<no value>`, a missing field of a typed context is an error, pipelines pass the
 * previous result as the last argument, and `if`/`range`/`with` use Go's truthiness.
 */
import { TemplateError } from './lexer.js';
import type { Cmd, Node, Operand, Pipeline } from './parser.js';

/** Template functions by name. */
export type FuncMap = Record<string, (...args: unknown[]) => unknown>;

/**
 * Marks an object as a typed context (Go struct): unknown fields are errors naming this type,
 * instead of `<no value>` as for maps.
 */
export const TYPE_NAME = Symbol('templateTypeName');

interface Scope {
  root: unknown;
  funcs: FuncMap;
}

/** Renders `nodes` with `data` as dot. Throws TemplateError for execution errors. */
export function execute(nodes: Node[], data: unknown, funcs: FuncMap): string {
  return run(nodes, data, { root: data, funcs });
}

function run(nodes: Node[], dot: unknown, sc: Scope): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'action') out += printValue(evalPipe(n.pipe, dot, sc));
    else out += runBlock(n, dot, sc);
  }
  return out;
}

function runBlock(n: Extract<Node, { kind: 'if' | 'range' | 'with' }>, dot: unknown, sc: Scope): string {
  const v = evalPipe(n.pipe, dot, sc);
  if (n.kind === 'if') return run(truthy(v) ? n.body : n.elseBody, dot, sc);
  if (n.kind === 'with') return truthy(v) ? run(n.body, v, sc) : run(n.elseBody, dot, sc);
  const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.keys(v).sort().map((k) => (v as Record<string, unknown>)[k]) : [];
  if (items.length === 0) return run(n.elseBody, dot, sc);
  return items.map((item) => run(n.body, item, sc)).join('');
}

function evalPipe(pipe: Pipeline, dot: unknown, sc: Scope): unknown {
  let piped: { value: unknown } | undefined;
  for (const cmd of pipe) piped = { value: evalCmd(cmd, dot, sc, piped) };
  return piped?.value;
}

function evalCmd(cmd: Cmd, dot: unknown, sc: Scope, piped: { value: unknown } | undefined): unknown {
  const [head, ...rest] = cmd as [Operand, ...Operand[]];
  const args = rest.map((o) => evalOperand(o, dot, sc));
  if (piped) args.push(piped.value);
  if (head.kind === 'ident') return callFunction(head.name, args, sc);
  if (head.kind === 'field' || head.kind === 'var') {
    const base = head.kind === 'var' ? sc.root : dot;
    return walk(base, head.path, args, head.kind === 'var' ? '$' : '', head.kind === 'field' ? head.at : '1');
  }
  if (args.length > 0) throw new TemplateError(`template: :1: can't give argument to non-function`);
  return evalOperand(head, dot, sc);
}

function evalOperand(o: Operand, dot: unknown, sc: Scope): unknown {
  switch (o.kind) {
    case 'dot': return dot;
    case 'string': return o.value;
    case 'number': return o.value;
    case 'sub': return evalPipe(o.pipe, dot, sc);
    case 'field': return walk(dot, o.path, [], '', o.at);
    case 'var': return walk(sc.root, o.path, [], '$', '1');
    case 'ident': return callFunction(o.name, [], sc);
  }
}

function callFunction(name: string, args: unknown[], sc: Scope): unknown {
  if (name === 'true' || name === 'false') return name === 'true';
  if (name === 'nil') return null;
  const f = sc.funcs[name];
  if (!f) throw new TemplateError(`template: :1: function "${name}" not defined`);
  return f(...args);
}

function walk(base: unknown, path: string[], args: unknown[], prefix: string, at: string): unknown {
  let v = base;
  path.forEach((name, i) => {
    const last = i === path.length - 1;
    v = field(v, name, last ? args : [], { where: `${prefix}.${path.slice(0, i + 1).join('.')}`, at });
  });
  if (path.length === 0 && args.length > 0) throw new TemplateError(`template: :1: can't give argument to non-function`);
  return v;
}

function field(recv: unknown, name: string, args: unknown[], loc: { where: string; at: string }): unknown {
  const where = `${loc.where}`;
  const head = `template: :${loc.at}: executing "" at <${where}>`;
  if (recv === null || recv === undefined || typeof recv !== 'object') {
    throw new TemplateError(`${head}: can't evaluate field ${name} in type ${typeOf(recv)}`);
  }
  const typed = (recv as Record<symbol, unknown>)[TYPE_NAME];
  const v = (recv as Record<string, unknown>)[name];
  if (v === undefined && typed && !(name in recv)) {
    throw new TemplateError(`${head}: can't evaluate field ${name} in type ${String(typed)}`);
  }
  if (typeof v === 'function') return (v as (...a: unknown[]) => unknown).apply(recv, args);
  if (args.length > 0) throw new TemplateError(`${head}: ${name} is not a method but has arguments`);
  return v;
}

function typeOf(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}';
  return typeof v === 'number' ? 'int' : typeof v;
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0 || (v as Record<symbol, unknown>)[TYPE_NAME] !== undefined;
  return true;
}

/** Go's default printing of a value (`fmt.Print`). */
export function printValue(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(printValue).join(' ')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${printValue((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return String(v);
}
