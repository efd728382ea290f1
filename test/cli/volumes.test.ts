/**
 * `wharf volume create|inspect|ls|rm|prune`, `wharf system df [-v]` and `wharf system prune`
 * against a real wharfd, checked against the docker CLI 28 itself on the same daemon: the same
 * command through both must print the same stdout and stderr (with "docker" read as "wharf") and
 * exit with the same status; `--help` must read as docker's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../helpers/daemon.js';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

/** docker's words with "docker" read as "wharf" (but not in docs.docker.com, which both cite). */
const asWharf = (r: RunResult) => ({ code: r.code, stdout: r.stdout.replace(/docker(?!\.com)/g, 'wharf'), stderr: r.stderr.replace(/docker(?!\.com)/g, 'wharf') });
const norm = (s: string) => s.replace(/[a-f0-9]{64}/g, '<id>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>')
  .replace(/(Less than a second|\d+ seconds?) ago/g, '<ago>');

/** Runs `args` through docker, resets with `reset`, runs them through wharf; both must answer alike. */
async function same(args: string[], o: { reset?: () => Promise<unknown>; input?: string } = {}): Promise<RunResult> {
  const docker = asWharf(await d.docker(args, { input: o.input }));
  await o.reset?.();
  const wharf = await d.wharf(args, { input: o.input });
  assert.deepEqual({ ...wharf, stdout: norm(wharf.stdout), stderr: norm(wharf.stderr) },
    { ...docker, stdout: norm(docker.stdout), stderr: norm(docker.stderr) }, args.join(' '));
  return wharf;
}

const rmVolumes = async (...names: string[]) => { for (const n of names) await d.api('DELETE', `/volumes/${n}?force=1`); };

test('--help of each command reads as docker\'s', async () => {
  for (const cmd of [['volume'], ['volume', 'create'], ['volume', 'inspect'], ['volume', 'ls'], ['volume', 'rm'], ['volume', 'prune'], ['system', 'prune'], ['system', 'df']]) {
    assert.deepEqual(await d.wharf([...cmd, '--help']), asWharf(await d.docker([...cmd, '--help'])), cmd.join(' '));
  }
});

test('create prints the name; an existing name is no error; bad names and options exit 1 with the daemon\'s words', async () => {
  await same(['volume', 'create', '--label', 'c', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', 'cv1'], { reset: () => rmVolumes('cv1') });
  await same(['volume', 'create', 'cv1']);
  await rmVolumes('cv1');
  assert.equal((await d.wharf(['volume', 'create', '--label', 'a=b', '--label', 'c', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', 'cv1'])).code, 0);
  assert.deepEqual((await d.api('GET', '/volumes/cv1')).json().Labels, { a: 'b', c: '' });
  assert.deepEqual((await d.api('GET', '/volumes/cv1')).json().Options, { device: 'tmpfs', o: 'size=1m', type: 'tmpfs' });
  for (const bad of [['x/y'], ['a'], ['-o', 'foo=bar', 'cv2'], ['-d', 'nope', 'cv3'], ['--name', 'n1', 'n2']]) {
    const r = await same(['volume', 'create', ...bad]);
    assert.equal(r.code, 1, bad.join(' '));
  }
  const anon = await d.wharf(['volume', 'create']);
  assert.match(anon.stdout, /^[0-9a-f]{64}\n$/);
  await rmVolumes('cv1', anon.stdout.trim());
});

test('ls: table, -q, --format json and templates, filters, in docker\'s order', async () => {
  // One label per volume: docker joins a map's labels in Go's random order.
  for (const n of ['lv10', 'lv9', 'lv1']) await d.api('POST', '/volumes/create', { Name: n, Labels: n === 'lv9' ? { k: 'v' } : null });
  await same(['volume', 'ls']);
  await same(['volume', 'ls', '-q']);
  await same(['volume', 'ls', '--format', 'json']);
  await same(['volume', 'ls', '--format', 'table {{.Name}}\t{{.Mountpoint}}\t{{.Scope}}\t{{.Label "k"}}\t{{.Links}}\t{{.Size}}']);
  await same(['volume', 'ls', '--format', '{{.Name}} {{.Driver}} {{.Group}} {{.Availability}} {{.Status}}']);
  await same(['volume', 'ls', '-f', 'name=lv1', '-f', 'label=k=v']);
  await same(['volume', 'ls', '-f', 'dangling=true', '-q']);
  await same(['volume', 'ls', '-f', 'dangling=maybe']);
  await same(['volume', 'ls', '-f', 'bogus=1']);
  await rmVolumes('lv10', 'lv9', 'lv1');
});

test('inspect: the JSON array, --format, and missing volumes after the found ones with exit 1', async () => {
  await d.api('POST', '/volumes/create', { Name: 'iv1', Labels: { a: 'b' } });
  await same(['volume', 'inspect', 'iv1']);
  await same(['volume', 'inspect', '-f', '{{.Name}} {{.Driver}} {{.Mountpoint}} {{json .Labels}}', 'iv1']);
  const r = await same(['volume', 'inspect', 'iv1', 'nope']);
  assert.equal(r.code, 1);
  await same(['volume', 'inspect', 'nope']);
  await same(['inspect', '--format', '{{.Name}} {{.Driver}}', 'iv1', 'nope']);
  await same(['inspect', '--type', 'volume', 'iv1', 'nope']);
  await rmVolumes('iv1');
});

test('rm: each removed name printed, errors one per line after, exit 1; -f quiet about missing ones', async () => {
  const make = () => d.api('POST', '/volumes/create', { Name: 'rv1' });
  await make();
  const r = await same(['volume', 'rm', 'rv1', 'nope', 'rv1'], { reset: make });
  assert.equal(r.code, 1);
  await make();
  await same(['volume', 'rm', '-f', 'rv1', 'nope'], { reset: make });
});

test('prune: prompt, anonymous only, -a for all, filters, and the report', async () => {
  /** The same volumes before each CLI's run: pv1, pv2 labelled keep, and one anonymous of 2000 bytes. */
  const make = async () => {
    await rmVolumes(...((await d.api('GET', '/volumes')).json().Volumes as Array<{ Name: string }>).map((v) => v.Name));
    await d.api('POST', '/volumes/create', { Name: 'pv1' });
    await d.api('POST', '/volumes/create', { Name: 'pv2', Labels: { keep: '1' } });
    const anon = (await d.api('POST', '/volumes/create', {})).json();
    writeFileSync(join(anon.Mountpoint, 'data'), 'x'.repeat(2000));
  };
  const both = async (args: string[], input?: string) => {
    await make();
    return same(args, { reset: make, ...(input ? { input } : {}) });
  };
  await both(['volume', 'prune'], 'n\n');
  await both(['volume', 'prune', '-a'], 'no\n');
  assert.match(norm((await both(['volume', 'prune', '-f'])).stdout), /^Deleted Volumes:\n<id>\n\nTotal reclaimed space: 2kB\n$/);
  assert.match(norm((await both(['volume', 'prune', '-f', '-a', '--filter', 'label!=keep'])).stdout), /^Deleted Volumes:\n(pv1\n<id>|<id>\npv1)\n\nTotal reclaimed space: 2kB\n$/);
  await both(['volume', 'prune', '-a', '--filter', 'all=1']);
  await both(['volume', 'prune', '-f', '--filter', 'bogus=1']);
  await both(['volume', 'prune', '-a'], 'y\n');
  assert.deepEqual((await d.api('GET', '/volumes')).json().Volumes, []);
});

test('system df: the summary line and the -v table of volumes', async () => {
  await rmVolumes(...((await d.api('GET', '/volumes')).json().Volumes as Array<{ Name: string }>).map((v) => v.Name));
  const v = (await d.api('POST', '/volumes/create', { Name: 'dv1' })).json();
  writeFileSync(join(v.Mountpoint, 'f'), 'x'.repeat(1500));
  await d.api('POST', '/volumes/create', { Name: 'dv2' });
  const df = await same(['system', 'df']);
  assert.match(df.stdout, /^Local Volumes\s+2\s+0\s+1\.5kB\s+1\.5kB \(100%\)$/m);
  const verbose = await same(['system', 'df', '-v']);
  assert.match(verbose.stdout, /Local Volumes space usage:\n\nVOLUME NAME\s+LINKS\s+SIZE\ndv1\s+0\s+1\.5kB\ndv2\s+0\s+0B\n/);
  await same(['system', 'df', '--format', '{{.Type}} {{.TotalCount}} {{.Size}}']);
  await same(['system', 'df', '-v', '--format', '{{range .Volumes}}{{.Name}} {{.Links}} {{.Size}};{{end}}']);
  await same(['system', 'df', '-v', '--format', 'json']);
  await same(['system', 'df', '-v', '--format', 'table {{.Name}}']);
  await rmVolumes('dv1', 'dv2');
});

test('system prune: prompt with what goes and the filters, then each report and the total', async () => {
  const make = async () => {
    await d.docker(['create', '--name', 'sp1', 'busybox', 'true']);
    await d.api('POST', '/volumes/create', {});
    await d.api('POST', '/volumes/create', { Name: 'spnamed' });
  };
  await make();
  // docker's prompt.
  const prompt = await d.wharf(['system', 'prune', '--volumes', '--filter', 'label=b', '--filter', 'label=a'], { input: 'n\n' });
  assert.deepEqual(prompt, {
    code: 0, stderr: '',
    stdout: 'WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - all anonymous volumes not used by at least one container\n  - all dangling images\n  - unused build cache\n\n'
      + '  Items to be pruned will be filtered with:\n  - label=a\n  - label=b\n\nAre you sure you want to continue? [y/N] ',
  });
  const untilPrompt = await d.wharf(['system', 'prune', '--filter', 'until=24h'], { input: 'n\n' });
  assert.match(untilPrompt.stdout, /  - all dangling images\n  - unused build cache\n\n  Items to be pruned will be filtered with:\n  - until=24h\n\nAre you sure/);
  const all = await d.wharf(['system', 'prune', '-a'], { input: 'n\n' });
  assert.match(all.stdout, /  - all stopped containers\n  - all networks not used by at least one container\n  - all images without at least one container associated to them\n  - all build cache\n\nAre you sure/);
  const done = await d.wharf(['system', 'prune', '-f', '--volumes']);
  assert.match(norm(done.stdout), /^Deleted Containers:\n<id>\n\nDeleted Volumes:\n<id>\n\nTotal reclaimed space: 0B\n$/);
  assert.equal((await d.api('GET', '/volumes/spnamed')).status, 200, 'named volumes stay');
  const until = await d.wharf(['system', 'prune', '-f', '--volumes', '--filter', 'until=1h']);
  assert.deepEqual(until, { code: 1, stdout: '', stderr: 'ERROR: The "until" filter is not supported with "--volumes"\n' });
  await rmVolumes('spnamed');
});
