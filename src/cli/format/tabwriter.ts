/**
 * Go's text/tabwriter, as docker's table output uses it (`tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`):
 * tab-terminated cells form columns; a column's block is the run of consecutive lines that have a
 * cell in it; every cell of a block is padded to the widest cell plus `padding`, at least `minWidth`.
 * The last cell of a line is not a column cell and is never padded. Width is display width.
 */

/** Tabwriter settings; docker's tables use the defaults. */
export interface TabwriterOptions {
  minWidth?: number;
  padding?: number;
}

type Line = string[];

/** Aligns tab-separated `text` into columns and returns the result. */
export function tabwrite(text: string, o: TabwriterOptions = {}): string {
  const minWidth = o.minWidth ?? 10;
  const padding = o.padding ?? 3;
  const lines: Line[] = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];
  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) out.push(renderLine(lines[i] ?? [], widths, i + 1 === lines.length));
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let t = line0; t < line1; t++) {
      if (column >= (lines[t]?.length ?? 0) - 1) continue;
      writeLines(start, t);
      start = t;
      let width = minWidth;
      for (; t < line1; t++) {
        const line = lines[t] ?? [];
        if (column >= line.length - 1) break;
        width = Math.max(width, displayWidth(line[column] ?? '') + padding);
      }
      widths.push(width);
      format(start, t);
      widths.pop();
      start = t;
      t--;
    }
    writeLines(start, line1);
  };
  format(0, lines.length);
  return out.join('');
}

function renderLine(cells: Line, widths: number[], last: boolean): string {
  let s = '';
  cells.forEach((c, j) => {
    s += c;
    const w = widths[j];
    if (j < cells.length - 1 && w !== undefined) s += ' '.repeat(Math.max(0, w - displayWidth(c)));
  });
  return last ? s : `${s}\n`;
}

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const ZERO = /[\p{Mn}\p{Me}\u200b-\u200f]/u;

/**
 * Terminal width of a string as docker's tabwriter fork counts it (go-runewidth): East Asian wide
 * characters and emoji take two columns, combining marks none, everything else one.
 */
export function displayWidth(s: string): number {
  let n = 0;
  for (const ch of s) n += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return n;
}
