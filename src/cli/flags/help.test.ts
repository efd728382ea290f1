import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHelp, wrap } from './help.js';
import type { FlagSpec } from './types.js';

// `docker logs --help` from docker CLI 28.2.2 at 80 columns, with "docker" replaced by "wharf".
const LOGS_HELP = `Usage:  wharf logs [OPTIONS] CONTAINER

Fetch the logs of a container

Aliases:
  wharf container logs, wharf logs

Options:
      --details        Show extra details provided to logs
  -f, --follow         Follow log output
      --since string   Show logs since timestamp (e.g.
                       "2013-01-02T13:23:37Z") or relative (e.g. "42m"
                       for 42 minutes)
  -n, --tail string    Number of lines to show from the end of the logs
                       (default "all")
  -t, --timestamps     Show timestamps
      --until string   Show logs before a timestamp (e.g.
                       "2013-01-02T13:23:37Z") or relative (e.g. "42m"
                       for 42 minutes)
`;

const hint = 'timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)';
const LOGS_FLAGS: FlagSpec[] = [
  { long: 'until', type: 'string', usage: `Show logs before a ${hint}` },
  { long: 'details', type: 'bool', usage: 'Show extra details provided to logs' },
  { long: 'follow', short: 'f', type: 'bool', usage: 'Follow log output' },
  { long: 'since', type: 'string', usage: `Show logs since ${hint}` },
  { long: 'tail', short: 'n', type: 'string', default: 'all', usage: 'Number of lines to show from the end of the logs' },
  { long: 'timestamps', short: 't', type: 'bool', usage: 'Show timestamps' },
  { long: 'help', type: 'bool', usage: 'Print usage', hidden: true },
];

test('renderHelp matches docker logs --help byte for byte', () => {
  const out = renderHelp({
    usage: 'wharf logs [OPTIONS] CONTAINER', description: 'Fetch the logs of a container',
    aliases: 'wharf container logs, wharf logs', flags: LOGS_FLAGS,
  });
  assert.equal(out, LOGS_HELP);
});

test('renderHelp shows int defaults and list value names like pflag', () => {
  const out = renderHelp({
    usage: 'u', description: 'd',
    flags: [
      { long: 'last', short: 'n', type: 'int', default: -1, usage: 'Show n last' },
      { long: 'env', short: 'e', type: 'stringArray', valueName: 'list', usage: 'Set env' },
    ],
  });
  assert.match(out, /^ {2}-e, --env list {3}Set env$/m);
  assert.match(out, /^ {2}-n, --last int {3}Show n last \(default -1\)$/m);
});

test('wrap keeps explicit newlines and indents continuation lines', () => {
  assert.equal(wrap(4, 40, 'first line\nsecond'), 'first line\n    second');
});
