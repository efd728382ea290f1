import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayablePorts } from './ports.js';
import { ellipsis, goQuote } from './quote.js';
import { tabwrite } from './tabwriter.js';
import { formatG, humanDuration, humanSize } from '../../util/go-units.js';

const S = 1000;
const durations: Array<[number, string]> = [
  [0, 'Less than a second'], [999, 'Less than a second'], [1 * S, '1 second'], [59 * S, '59 seconds'],
  [60 * S, 'About a minute'], [119 * S, 'About a minute'], [120 * S, '2 minutes'], [59 * 60 * S, '59 minutes'],
  [60 * 60 * S, 'About an hour'], [89 * 60 * S, 'About an hour'], [90 * 60 * S, '2 hours'], [47 * 3600 * S, '47 hours'],
  [48 * 3600 * S, '2 days'], [14 * 86400 * S, '2 weeks'], [60 * 86400 * S, '2 months'], [800 * 86400 * S, '2 years'],
];
for (const [ms, want] of durations) {
  test(`humanDuration(${ms}ms) = ${want}`, () => assert.equal(humanDuration(ms), want));
}

const sizes: Array<[number, number, string]> = [
  [0, 3, '0B'], [999, 3, '999B'], [1000, 3, '1kB'], [1_984_000, 3, '1.98MB'], [1_984_000, 4, '1.984MB'],
  [999_500, 3, '1e+03kB'], [123_456_789, 4, '123.5MB'], [5_000_000_000, 3, '5GB'],
];
for (const [n, prec, want] of sizes) {
  test(`humanSize(${n}, ${prec}) = ${want}`, () => assert.equal(humanSize(n, prec), want));
}

test('formatG follows Go %g', () => {
  assert.equal(formatG(0.0001234, 3), '0.000123');
  assert.equal(formatG(0.00001234, 3), '1.23e-05');
  assert.equal(formatG(23.5416, 4), '23.54');
  assert.equal(formatG(100, 3), '100');
});

test('goQuote escapes like strconv.Quote', () => {
  assert.equal(goQuote(`sh -c 'echo "x"'`), `"sh -c 'echo \\"x\\"'"`);
  assert.equal(goQuote('a\tb\n\x01'), '"a\\tb\\n\\x01"');
  assert.equal(goQuote('echo …'), '"echo …"');
});

test('ellipsis cuts to the width with …', () => {
  assert.equal(ellipsis("sh -c 'echo this is a long command'", 20), "sh -c 'echo this is…");
  assert.equal(ellipsis('short', 20), 'short');
  assert.equal(ellipsis('日本語の長いコマンド', 8), '日本語…');
});

test('tabwrite pads columns to widest cell plus 3, at least 10', () => {
  const out = tabwrite('A\tBB\tC\nlonger-cell\tx\tlast\n');
  assert.equal(out, 'A             BB        C\nlonger-cell   x         last\n');
});

test('tabwrite: a line without tabs ends a column block', () => {
  const out = tabwrite('a\tb\nplain line that is long\nccc\td\n', { minWidth: 0, padding: 1 });
  assert.equal(out, 'a b\nplain line that is long\nccc d\n');
});

test('tabwrite counts display width, not bytes (wide characters take two columns)', () => {
  assert.equal(tabwrite('é…\tx\nab\ty\n', { minWidth: 0, padding: 1 }), 'é… x\nab y\n');
  assert.equal(tabwrite('日本\tx\nab\ty\n', { minWidth: 0, padding: 1 }), '日本 x\nab   y\n');
});

test('displayablePorts groups ranges and lists host mappings last', () => {
  const ports = [
    { IP: '0.0.0.0', PrivatePort: 9001, PublicPort: 9001, Type: 'udp' },
    { IP: '0.0.0.0', PrivatePort: 9000, PublicPort: 9000, Type: 'udp' },
    { IP: '::', PrivatePort: 9000, PublicPort: 9000, Type: 'udp' },
    { IP: '127.0.0.1', PrivatePort: 80, PublicPort: 18080, Type: 'tcp' },
    { PrivatePort: 5000, Type: 'tcp' },
  ];
  assert.equal(displayablePorts(ports), '5000/tcp, 0.0.0.0:9000-9001->9000-9001/udp, [::]:9000->9000/udp, 127.0.0.1:18080->80/tcp');
});
