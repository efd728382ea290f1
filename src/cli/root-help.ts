/** The root help page (`wharf --help`), in docker's layout. */
import { commands, groups, type Category } from './commands/index.js';
import { flagUsages } from './flags/help.js';
import { GLOBAL_FLAGS } from './root.js';

const SECTIONS: Array<[Category, string]> = [
  ['common', 'Common Commands'],
  ['management', 'Management Commands'],
  ['other', 'Commands'],
];

/** The text of `wharf --help`. */
export function rootHelp(width: number): string {
  let out = 'Usage:  wharf [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n';
  for (const [cat, title] of SECTIONS) {
    const rows = Object.entries(commands).filter(([, e]) => e.category === cat).map(([n, e]) => [n, e.summary] as const);
    if (cat === 'management') rows.unshift(...Object.entries(groups).map(([n, g]) => [n, g.summary] as const));
    if (cat !== 'common') rows.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    out += `\n${title}:\n${rows.map(([n, s]) => `  ${n.padEnd(11)} ${s}\n`).join('')}`;
  }
  out += `\nGlobal Options:\n${flagUsages(GLOBAL_FLAGS.filter((f) => !f.hidden), width - 1)}`;
  return `${out}\nRun 'wharf COMMAND --help' for more information on a command.\n`;
}
