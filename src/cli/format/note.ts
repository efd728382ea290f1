/**
 * docker's tui notes (`PrintNote`): a blank line, an "Info" header, the text's lines indented
 * under the first. On a terminal the header is a coloured `i Info → ` and the text italic; else
 * ` Info -> ` and plain text.
 */

const TTY_HEADER = '\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo → \x1b[0m\x1b[0m';
const PLAIN_HEADER = ' Info -> ';
/** Both headers are 9 columns wide. */
const INDENT = ' '.repeat(9);

/** The note for `text` as docker prints it on a terminal (`tty`) or elsewhere. */
export function note(text: string, tty: boolean): string {
  const lines = text.split('\n').map((l) => (tty ? `\x1b[3m${l}\x1b[0m` : l));
  return `\n${tty ? TTY_HEADER : PLAIN_HEADER}${lines.join(`\n${INDENT}`)}\n`;
}
