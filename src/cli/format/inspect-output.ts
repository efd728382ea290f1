/**
 * What every `inspect` prints of the objects it found, as the docker CLI 28 prints it: a
 * 4-space-indented JSON array by default, the whole array as one compact line for `--format json`,
 * and a template's output per object otherwise.
 */
import { compile } from './formatter.js';
import { execute } from './template/exec.js';
import { basicFuncs } from './template/funcs.js';

export function inspectOutput(found: readonly unknown[], format: string | undefined): string {
  if (!format) return `${JSON.stringify(found, null, 4)}\n`;
  if (format === 'json') return `${JSON.stringify(found)}\n`;
  const nodes = compile(format);
  return found.map((obj) => `${execute(nodes, obj, basicFuncs)}\n`).join('');
}
