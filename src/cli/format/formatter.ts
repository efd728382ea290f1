/**
 * docker's `--format` handling (cli/command/formatter.Context): `table [TEMPLATE]` prints a header
 * and tab-aligned rows, `json` prints `{{json .}}` per row, anything else is a template executed once
 * per row with a newline after each. `\t` and `\n` typed literally in the format become real ones.
 */
import { StatusError } from '../errors.js';
import { execute, type FuncMap } from './template/exec.js';
import { basicFuncs, headerFuncs } from './template/funcs.js';
import { TemplateError } from './template/lexer.js';
import { parseTemplate, type Node } from './template/parser.js';
import { tabwrite } from './tabwriter.js';

/** What to render. */
export interface FormatOptions {
  /** The user's `--format` value (already defaulted to `table` or a command default). */
  format: string;
  /** The template used for a bare `table`. */
  defaultTable: string;
  /** Header context: field name → column title (and methods such as `Label(name)`). */
  header: object;
  rows: readonly object[];
  funcs?: FuncMap;
  /**
   * How an execution error starts. docker's formatter.Context says `template parsing error` (images,
   * network ls, search); `ps` says `failed to execute template`, the default here.
   */
  executeErrorPrefix?: string;
}

/** Splits a format into template text and whether it is a table. */
export function parseFormat(format: string, defaultTable: string): { table: boolean; template: string } {
  let f = format === 'table' ? defaultTable : format;
  if (f === 'json') return { table: false, template: '{{json .}}' };
  const table = f.startsWith('table');
  if (table) f = f.slice('table'.length);
  f = f.replace(/^ +| +$/g, '').replaceAll('\\t', '\t').replaceAll('\\n', '\n'); // Go's strings.Trim(f, " ")
  return { table, template: f };
}

/** Compiles a template, mapping syntax errors to docker's message (exit 1). */
export function compile(template: string): Node[] {
  try {
    return parseTemplate(template);
  } catch (e) {
    if (e instanceof TemplateError) throw new StatusError(1, `template parsing error: ${e.message}`);
    throw e;
  }
}

/** Renders rows according to `o.format`. */
export function renderFormat(o: FormatOptions): string {
  const { table, template } = parseFormat(o.format, o.defaultTable);
  const nodes = compile(template);
  const funcs = o.funcs ?? basicFuncs;
  let body = '';
  try {
    for (const row of o.rows) body += `${execute(nodes, row, funcs)}\n`;
    if (!table) return body;
    const header = execute(nodes, o.header, headerFuncs);
    return tabwrite(`${header}\n${body}`);
  } catch (e) {
    if (e instanceof TemplateError) throw new StatusError(1, `${o.executeErrorPrefix ?? 'failed to execute template'}: ${e.message}`);
    throw e;
  }
}
