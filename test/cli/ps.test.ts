/**
 * `wharf ps` against a real wharfd: every flag (-a -q -n -l -s --no-trunc --format with docker's
 * placeholders, `table`, `json`, `raw`) and every filter the engine has, with the outputs and
 * messages the docker CLI 28 prints against the reference Docker for the same containers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

let d: TestDaemon;
let imageId = '';
const ids: Record<string, string> = {};
const wharf = (args: string[]): ReturnType<TestDaemon['wharf']> => d.wharf(args);
/** The names `ps -a` lists with these filters (ours only: every container here has the label). */
const names = async (...filters: string[]): Promise<string[]> => {
  const r = await wharf(['ps', '-a', '--format', '{{.Names}}', '-f', 'label=cliprobe', ...filters.flatMap((f) => ['-f', f])]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

before(async () => {
  d = await startDaemon();
  imageId = await d.importBusybox();
  const ok = async (args: string[]): Promise<string> => {
    const r = await wharf(args);
    assert.equal(r.code, 0, r.stderr);
    await sleep(20); // distinct creation times
    return r.stdout.trim();
  };
  ids['c1'] = await ok(['create', '--name', 'c1', '-l', 'cliprobe=1', 'busybox', 'sh', '-c', 'echo out; exit 3']);
  assert.equal((await wharf(['start', 'c1'])).code, 0);
  assert.equal((await wharf(['wait', 'c1'])).stdout, '3\n');
  await ok(['commit', 'c1', 'child:1']);
  ids['c2'] = await ok(['create', '--name', 'c2', '-l', 'cliprobe=2', '--expose', '80', '--network', 'none', 'child:1', 'true']);
  ids['c3'] = await ok(['create', '--name', 'c3', '-l', 'cliprobe=3', '-l', 'other', 'busybox', 'true']);
  ids['r1'] = await ok(['run', '-d', '--name', 'r1', '-l', 'cliprobe=r1', '--expose', '80', '--expose', '90-91/udp', 'busybox',
    'sh', '-c', 'head -c 5000 /dev/zero > /written; exec sleep 300']);
  for (let i = 0; i < 100 && (await wharf(['diff', 'r1'])).stdout.indexOf('/written') < 0; i++) await sleep(50);
});
after(async () => {
  await d?.cleanup();
});

describe('flags', () => {
  test('ps lists running containers, -a all of them newest first, in docker\'s table', async () => {
    const ps = await wharf(['ps']);
    const lines = ps.stdout.split('\n');
    assert.match(lines[0]!, /^CONTAINER ID {3}IMAGE {5}COMMAND {18}CREATED +STATUS +PORTS {15}NAMES$/);
    // Exposed ports that are not published show without a host side, as in Docker.
    assert.match(lines[1]!, new RegExp(`^${ids['r1']!.slice(0, 12)} {3}busybox {3}"sh -c 'head -c 5000…" {3}.+ ago {3}Up .+ {3}80/tcp, 90-91/udp {3}r1$`));
    assert.equal(lines.length, 3);
    assert.deepEqual(await names(), ['r1', 'c3', 'c2', 'c1']);
  });

  test('-n and -l count stopped containers too; -q prints IDs, --no-trunc whole ones', async () => {
    assert.deepEqual((await wharf(['ps', '-n', '2', '--format', '{{.Names}}'])).stdout, 'r1\nc3\n');
    assert.deepEqual((await wharf(['ps', '-l', '--format', '{{.Names}}'])).stdout, 'r1\n');
    assert.deepEqual((await wharf(['ps', '-q'])).stdout, `${ids['r1']!.slice(0, 12)}\n`);
    assert.deepEqual((await wharf(['ps', '-aq', '-n', '3'])).stdout, ['r1', 'c3', 'c2'].map((n) => `${ids[n]!.slice(0, 12)}\n`).join(''));
    assert.deepEqual((await wharf(['ps', '-q', '--no-trunc'])).stdout, `${ids['r1']}\n`);
    const full = await wharf(['ps', '--no-trunc', '--format', '{{.ID}} {{.Command}}']);
    assert.equal(full.stdout, `${ids['r1']} "sh -c 'head -c 5000 /dev/zero > /written; exec sleep 300'"\n`);
    assert.deepEqual(await wharf(['ps', '-q', '--format', '{{.Names}}']), {
      code: 0, stdout: `${ids['r1']!.slice(0, 12)}\n`, stderr: 'WARNING: Ignoring custom format, because both --format and --quiet are set.\n',
    });
  });

  test('-s adds docker\'s SIZE column: the writable layer, and with the image', async () => {
    const ps = await wharf(['ps', '-a', '-s', '-f', 'name=r1', '-f', 'name=c3']);
    const [header, r1, c3] = ps.stdout.split('\n');
    assert.match(header!, /NAMES {5}SIZE$/);
    assert.match(r1!, /r1 {8}5kB \(virtual \d\.\d+MB\)$/);
    assert.match(c3!, /c3 {8}0B \(virtual \d\.\d+MB\)$/);
    const docker = await d.docker(['ps', '-s', '--format', '{{.Names}} {{.Size}}']);
    assert.match(docker.stdout, /^r1 5kB \(virtual \d\.\d+MB\)\n$/, 'the real docker CLI gets the sizes too');
  });

  test('--format placeholders: Size (asks for sizes), Mounts, Networks, LocalVolumes, RunningFor, Label, State', async () => {
    const f = '{{.Names}}|{{.Size}}|{{.Mounts}}|{{.Networks}}|{{.LocalVolumes}}|{{.RunningFor}}|{{.Label "cliprobe"}}|{{.State}}';
    const r = await wharf(['ps', '-a', '--format', f]);
    const rows = r.stdout.split('\n').filter(Boolean);
    assert.equal(rows.length, 4);
    assert.match(rows[0]!, /^r1\|5kB \(virtual [\d.]+MB\)\|\|bridge\|0\|(\d+ seconds?|Less than a second) ago\|r1\|running$/);
    assert.match(rows[2]!, /^c2\|0B \(virtual [\d.]+MB\)\|\|none\|0\|.+ ago\|2\|created$/);
    assert.match(rows[3]!, /^c1\|.+\|\|bridge\|0\|.+ ago\|1\|exited$/);
    const noSize = await wharf(['ps', '-a', '--size=false', '--format', '{{.Names}} {{.Size}}', '-f', 'name=r1']);
    assert.equal(noSize.stdout, 'r1 0B\n');
    const table = await wharf(['ps', '--format', 'table {{.Label "cliprobe"}}\t{{.Names}}\t{{.CreatedAt}}']);
    assert.match(table.stdout, /^cliprobe {3}NAMES {5}CREATED AT\nr1 {9}r1 {8}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC\n$/);
  });

  test('json (sizes only when asked for), {{json .}} (sizes asked for) and raw', async () => {
    const json = JSON.parse((await wharf(['ps', '--format', 'json'])).stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names',
      'Networks', 'Platform', 'Ports', 'RunningFor', 'Size', 'State', 'Status']);
    assert.deepEqual([json['ID'], json['Names'], json['Size'], json['Labels'], json['Networks']], [ids['r1']!.slice(0, 12), 'r1', '0B', 'cliprobe=r1', 'bridge']);
    const tpl = JSON.parse((await wharf(['ps', '--format', '{{json .}}'])).stdout) as Record<string, unknown>;
    assert.match(String(tpl['Size']), /^5kB \(virtual /);
    const raw = await wharf(['ps', '-a', '--format', 'raw', '-f', 'name=c3']);
    assert.match(raw.stdout, new RegExp(`^container_id: ${ids['c3']!.slice(0, 12)}\nimage: busybox\ncommand: "true"\ncreated_at: .+ UTC\n`
      + 'state: created\nstatus: Created\nnames: c3\nlabels: cliprobe=3,other=\nports:\n\n$'));
    const rawSize = await wharf(['ps', '-a', '-s', '--format', 'raw', '-f', 'name=c3']);
    assert.match(rawSize.stdout, /\nports:\nsize: 0B \(virtual .+\)\n\n$/);
  });

  test('bad templates fail before anything is listed, with docker\'s messages', async () => {
    assert.deepEqual(await wharf(['ps', '--format', '{{.Foo']), { code: 1, stdout: '', stderr: 'failed to parse template: template: :1: unclosed action\n' });
    assert.deepEqual(await wharf(['ps', '-f', 'name=nothing-matches', '--format', '{{.Nope}}']), {
      code: 1, stdout: '',
      stderr: 'failed to execute template: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext\n',
    });
  });
});

describe('filters', () => {
  test('id (unique prefix), name (regular expression), label (key, key=value)', async () => {
    assert.deepEqual(await names(`id=${ids['c2']!.slice(0, 5)}`), ['c2']);
    assert.deepEqual(await names(`id=${ids['c2']!.slice(3, 10)}`), []);
    assert.deepEqual(await names('name=c[23]'), ['c3', 'c2']);
    assert.deepEqual(await names('name=^/c1$'), ['c1']);
    assert.deepEqual(await names('name=c['), []);
    assert.deepEqual(await names('label=other'), ['c3']);
    assert.deepEqual(await names('label=cliprobe=2'), ['c2']);
    assert.deepEqual(await names('label=cliprobe=2', 'label=other'), []);
  });

  test('exited, status, is-task, isolation', async () => {
    assert.deepEqual(await names('exited=3'), ['c1']);
    assert.deepEqual(await names('exited=0'), [], 'a created container has no exit code');
    assert.deepEqual(await names('status=created'), ['c3', 'c2']);
    assert.deepEqual(await names('status=running', 'status=exited'), ['r1', 'c1']);
    assert.deepEqual((await wharf(['ps', '--format', '{{.Names}}', '-f', 'status=exited'])).stdout, 'c1\n', 'status implies -a');
    assert.deepEqual(await names('is-task=false'), ['r1', 'c3', 'c2', 'c1']);
    assert.deepEqual(await names('is-task=true'), []);
    assert.deepEqual(await names('isolation=default'), ['r1', 'c3', 'c2', 'c1']);
  });

  test('ancestor: the image and images built on it, by name (tag semantics) or ID', async () => {
    assert.deepEqual(await names('ancestor=busybox'), ['r1', 'c3', 'c2', 'c1']);
    assert.deepEqual(await names('ancestor=busybox:latest'), ['r1', 'c3', 'c2', 'c1']);
    assert.deepEqual(await names(`ancestor=${imageId.slice(7, 19)}`), ['r1', 'c3', 'c2', 'c1']);
    assert.deepEqual(await names('ancestor=child:1'), ['c2']);
    assert.deepEqual(await names('ancestor=child'), [], 'child means child:latest, which does not exist');
  });

  test('before and since (by name or full ID) and without -a', async () => {
    assert.deepEqual(await names('before=c3'), ['c2', 'c1']);
    assert.deepEqual(await names(`before=${ids['c3']}`), ['c2', 'c1']);
    assert.deepEqual(await names('since=c1'), ['r1', 'c3', 'c2']);
    assert.deepEqual((await wharf(['ps', '--format', '{{.Names}}', '-f', 'since=c1'])).stdout, 'r1\n', 'running ones only without -a');
    assert.deepEqual(await wharf(['ps', '-f', `before=${ids['c3']!.slice(0, 12)}`]), {
      code: 1, stdout: '', stderr: `Error response from daemon: no such container ${ids['c3']!.slice(0, 12)}\n`,
    });
  });

  test('volume, network, expose, publish read what the containers have', async () => {
    assert.deepEqual(await names('volume=/x'), []);
    assert.deepEqual(await names('network=none'), ['c2']);
    assert.deepEqual(await names('network=bridge'), ['r1', 'c3', 'c1']);
    // Ports exist only on a running container attached to a network (c2 exposes 80 but is created, on none).
    assert.deepEqual(await names('expose=80'), ['r1']);
    assert.deepEqual(await names('expose=80/tcp'), ['r1']);
    assert.deepEqual(await names('expose=91/udp'), ['r1']);
    assert.deepEqual(await names('expose=79-81'), ['r1']);
    assert.deepEqual(await names('expose=91'), []);
    assert.deepEqual(await names('publish=80'), []);
  });

  test('bad filters are refused with docker\'s messages, exit 1', async () => {
    const cases: Array<[string, string]> = [
      ['foo=bar', "invalid filter 'foo'"],
      ['label!=other', "invalid filter 'label!'"],
      ['status=bogus', "invalid filter 'status=bogus'"],
      ['exited=abc', 'strconv.Atoi: parsing "abc": invalid syntax'],
      ['is-task=maybe', "invalid filter 'is-task=[maybe]'"],
      ['before=nosuch', 'no such container nosuch'],
      ['since=nosuch', 'no such container nosuch'],
      ['expose=8080:80', "filter for 'expose' should not contain ':': 8080:80"],
      ['publish=abc', 'error while looking up for publish abc: strconv.ParseUint: parsing "abc": invalid syntax'],
      ['expose=70000', 'error while looking up for expose 70000: strconv.ParseUint: parsing "70000": value out of range'],
      ['expose=90-80', 'error while looking up for expose 90-80: Invalid range specified for the Port: 90-80'],
      ['expose=', 'error while looking up for expose : Empty string specified for ports.'],
    ];
    for (const [f, msg] of cases) {
      assert.deepEqual(await wharf(['ps', '-f', f]), { code: 1, stdout: '', stderr: `Error response from daemon: ${msg}\n` }, f);
    }
    const noEq = await wharf(['ps', '-f', 'foo']);
    assert.equal(noEq.code, 125);
    assert.match(noEq.stderr, /^invalid argument "foo" for "-f, --filter" flag: bad format of filter \(expected name=value\)\n/);
  });
});
