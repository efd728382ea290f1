/**
 * `wharf network create|inspect|ls|rm|prune|connect|disconnect` and `wharf system prune`'s networks
 * line against a real wharfd, checked against the docker CLI 28 itself on the same daemon: the same
 * command through both must print the same stdout and stderr (with "docker" read as "wharf") and
 * exit with the same status; `--help` must read as docker's.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import type { RunResult } from '../helpers/daemon.js';
import { TestDaemon } from '../helpers/daemon.js';

const d = new TestDaemon(mkdtempSync('/tmp/wh-'));
before(() => d.start());
after(() => d.cleanup());

/** docker's words with "docker" read as "wharf", but not in the daemon's words (option keys, the swarm message) nor in docs.docker.com. */
const DOCKER = /(?<!com\.|")docker(?!\.com)/g;
const asWharf = (r: RunResult) => ({ code: r.code, stdout: r.stdout.replace(DOCKER, 'wharf'), stderr: r.stderr.replace(DOCKER, 'wharf') });
const norm = (s: string) => s.replace(/[a-f0-9]{64}/g, '<id>').replace(/\b[a-f0-9]{12}\b/g, '<short>');

/** Runs `args` through docker, resets with `reset`, runs them through wharf; both must answer alike. */
async function same(args: string[], o: { reset?: () => Promise<unknown>; input?: string } = {}): Promise<RunResult> {
  const docker = asWharf(await d.docker(args, { input: o.input }));
  await o.reset?.();
  const wharf = await d.wharf(args, { input: o.input });
  assert.deepEqual({ ...wharf, stdout: norm(wharf.stdout), stderr: norm(wharf.stderr) },
    { ...docker, stdout: norm(docker.stdout), stderr: norm(docker.stderr) }, args.join(' '));
  return wharf;
}

const rmNet = (...names: string[]) => d.docker(['network', 'rm', ...names]);

test('--help of each network command is docker\'s', async () => {
  for (const c of [[], ['create'], ['inspect'], ['ls'], ['rm'], ['prune'], ['connect'], ['disconnect']]) await same(['network', ...c, '--help']);
});

test('create: the ID, and docker\'s client-side and daemon errors', async () => {
  await same(['network', 'create', '--label', 'a=b', '-o', 'foo=bar', '--subnet', '10.71.0.0/16', '--gateway', '10.71.0.254', '--ip-range', '10.71.1.0/24', '--aux-address', 'h=10.71.0.9', 'wn1'],
    { reset: () => rmNet('wn1') });
  for (const args of [
    ['wn1'], ['--subnet', '10.71.3.0/24', 'wn2'], ['--subnet', '10.72.0.0/16', '--gateway', '10.73.0.1', 'wn2'], ['--gateway', '10.73.0.1', 'wn2'],
    ['--subnet', '10.72.0.0/16', '--subnet', '10.72.1.0/24', 'wn2'], ['--subnet', '10.72.0.0/16', '--gateway', '10.72.0.1,10.72.0.2', 'wn2'],
    ['--subnet', '10.72.0.0/16', '--aux-address', 'a=10.74.0.1', 'wn2'], ['--subnet', 'zz', 'wn2'], ['-d', 'foo', 'wn2'], ['-d', 'overlay', 'wn2'],
    ['--ipv6', 'wn2'], ['bridge'], [], ['a', 'b'],
  ]) await same(['network', 'create', ...args]);
  await same(['network', 'create', '--subnet', '10.72.0.0/16', '--subnet', '10.75.0.0/16', '--gateway', '10.75.0.9', '--internal', '--attachable', 'wn3'],
    { reset: () => rmNet('wn3') });
  await same(['network', 'inspect', '-f', '{{json .IPAM}} {{.Internal}} {{.Attachable}}', 'wn3']);
});

test('ls and inspect: tables, --format, -q, --no-trunc, filters', async () => {
  for (const args of [[], ['-q'], ['--no-trunc'], ['-q', '--no-trunc'], ['--format', 'json'], ['--format', '{{.Name}} {{.IPv6}} {{.Internal}} {{.Labels}} {{.Label "a"}}'],
    ['--format', 'table {{.ID}}\t{{.Name}}\t{{.CreatedAt}}\t{{.IPv4}}'], ['-f', 'type=custom'], ['-f', 'label=a=b'], ['-f', 'driver=null'], ['-f', 'foo=bar'], ['-f', 'dangling=maybe']]) {
    await same(['network', 'ls', ...args]);
  }
  for (const args of [['wn1'], ['wn1', 'bridge', 'host', 'none'], ['nosuch'], ['wn1', 'nosuch'], ['-f', '{{.Name}} {{.Driver}}', 'bridge', 'wn3'], ['-f', 'json', 'none'], ['-v', 'host']]) {
    await same(['network', 'inspect', ...args]);
  }
});

test('rm, prune, connect, disconnect, system prune', async () => {
  await same(['network', 'rm', 'bridge']);
  await same(['network', 'rm', 'nosuch', 'host']);
  await same(['network', 'rm', '-f', 'nosuch']);
  await same(['network', 'connect', 'wn1', 'x']);
  await same(['network', 'connect', 'wn1']);
  await same(['network', 'disconnect', '-f', 'nosuch', 'x']);
  await same(['network', 'rm', 'wn1', 'wn3'], { reset: async () => {
    await d.docker(['network', 'create', '--label', 'a=b', '--subnet', '10.71.0.0/16', 'wn1']);
    await d.docker(['network', 'create', 'wn3']);
  } });
  const make = () => Promise.all([d.docker(['network', 'create', 'pn1']), d.docker(['network', 'create', '--label', 'keep', 'pn2'])]);
  await make();
  await same(['network', 'prune'], { input: 'n\n' });
  await same(['network', 'prune', '-f', '--filter', 'label!=keep'], { reset: () => d.docker(['network', 'create', 'pn1']) });
  await same(['network', 'prune', '-f', '--filter', 'foo=bar']);
  await d.docker(['network', 'create', 'pn1']);
  await same(['network', 'prune', '-f'], { reset: make });
  await same(['network', 'prune', '-f']);
  await make();
  const sp = await d.wharf(['system', 'prune', '-f']);
  assert.deepEqual(sp, { code: 0, stderr: '', stdout: 'Deleted Networks:\npn1\npn2\n\nTotal reclaimed space: 0B\n' });
  assert.deepEqual((await d.wharf(['network', 'ls', '-q', '-f', 'type=custom'])).stdout, '');
});
