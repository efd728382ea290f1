/**
 * rename, container prune and port through the real docker CLI and the API, with Docker 20.10's
 * answers (messages, statuses, exit codes, output).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

const names = async () => (await d.docker(['ps', '-a', '--format', '{{.Names}}'])).stdout.trim().split('\n').filter(Boolean).sort();

test('rename a running and a stopped container: the old name is free, the new one finds it, it keeps running', async () => {
  const id = (await d.docker(['run', '-d', '--name', 'first', 'busybox', 'sleep', '300'])).stdout.trim();
  const r = await d.docker(['rename', 'first', 'second']);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', '']);
  const c = (await d.api('GET', '/containers/second/json')).json();
  assert.deepEqual([c.Id, c.Name, c.State.Status], [id, '/second', 'running']);
  assert.equal((await d.api('GET', '/containers/first/json')).status, 404);
  await d.docker(['create', '--name', 'first', 'busybox', 'true']);
  assert.equal((await d.docker(['rename', 'first', '/third'])).code, 0, 'a leading slash is allowed');
  assert.equal((await d.docker(['start', 'third'])).code, 0);
  assert.deepEqual(await names(), ['second', 'third']);
  await d.docker(['rm', '-f', 'second', 'third']);
});

test("rename refusals: Docker's messages and exit codes", async () => {
  await d.docker(['create', '--name', 'aa1', 'busybox', 'true']);
  const other = (await d.docker(['create', '--name', 'bb1', 'busybox', 'true'])).stdout.trim();
  const failed = 'Error: failed to rename container named';
  const cases: Array<[string[], string]> = [
    [['aa1', 'bb1'], `Error response from daemon: Error when allocating new name: Conflict. The container name "/bb1" is already in use by container "${other}". You have to remove (or rename) that container to be able to reuse that name.\n${failed} aa1\n`],
    [['aa1', 'aa1'], `Error response from daemon: Renaming a container with the same name as its current name\n${failed} aa1\n`],
    [['aa1', 'bad name'], `Error response from daemon: Error when allocating new name: Invalid container name (/bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n${failed} aa1\n`],
    [['aa1', 'x'], `Error response from daemon: Error when allocating new name: Invalid container name (/x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n${failed} aa1\n`],
    [['nosuch', 'cc1'], `Error response from daemon: No such container: nosuch\n${failed} nosuch\n`],
    [['aa1', ' '], 'Error: Neither old nor new names may be empty\n'],
  ];
  for (const [args, stderr] of cases) {
    const r = await d.docker(['rename', ...args]);
    assert.deepEqual([r.code, r.stderr], [1, stderr], args.join(' '));
  }
  const statuses: Array<[string, number, string]> = [
    ['name=bb1', 409, `Error when allocating new name: Conflict. The container name "/bb1" is already in use by container "${other}". You have to remove (or rename) that container to be able to reuse that name.`],
    ['name=', 400, 'Neither old nor new names may be empty'],
    ['name=aa1', 400, 'Renaming a container with the same name as its current name'],
    ['name=a', 400, 'Error when allocating new name: Invalid container name (/a), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed'],
  ];
  for (const [q, status, message] of statuses) {
    const r = await d.api('POST', `/v1.50/containers/aa1/rename?${q}`);
    assert.deepEqual([r.status, r.json().message], [status, message], q);
  }
  assert.deepEqual(await names(), ['aa1', 'bb1'], 'nothing renamed');
  await d.docker(['rm', 'aa1', 'bb1']);
});

test('concurrent renames to one name through the API: one wins, the others get the conflict', async () => {
  const ids = await Promise.all(['c1', 'c2', 'c3', 'c4'].map(async (n) => (await d.docker(['create', '--name', n, 'busybox', 'true'])).stdout.trim()));
  const rs = await Promise.all(ids.map((id) => d.api('POST', `/v1.50/containers/${id}/rename?name=prize`)));
  assert.deepEqual(rs.map((r) => r.status).sort(), [204, 409, 409, 409]);
  assert.equal((await names()).filter((n) => n === 'prize').length, 1);
  await d.docker(['rm', ...ids]);
});

test('container prune removes only stopped containers matching the filters and reports them as Docker does', async () => {
  const stopped = (await d.docker(['run', '--name', 'pr-exited', '--label', 'ops=1', 'busybox', 'dd', 'if=/dev/zero', 'of=/f', 'bs=1k', 'count=100'])).code;
  assert.equal(stopped, 0);
  const exitedId = (await d.api('GET', '/containers/pr-exited/json')).json().Id as string;
  await d.docker(['create', '--name', 'pr-kept', '--label', 'ops=1', '--label', 'keep=yes', 'busybox', 'true']);
  await d.docker(['run', '-d', '--name', 'pr-running', '--label', 'ops=1', 'busybox', 'sleep', '300']);
  await d.docker(['run', '-d', '--name', 'pr-paused', '--label', 'ops=1', 'busybox', 'sleep', '300']);
  await d.docker(['pause', 'pr-paused']);
  await d.docker(['create', '--name', 'pr-other', '--label', 'ops=2', 'busybox', 'true']);

  const declined = await d.docker(['container', 'prune', '--filter', 'label=ops=1'], { input: 'n\n' });
  assert.deepEqual([declined.code, declined.stdout], [0, 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ']);
  assert.equal((await names()).length, 5);

  const r = await d.docker(['container', 'prune', '--filter', 'label=ops=1', '--filter', 'label!=keep'], { input: 'y\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`\\[y/N\\] Deleted Containers:\\n${exitedId}\\n\\nTotal reclaimed space: 10[0-9.]+kB\\n$`), 'the 100 KiB file written');
  const untilNow = await d.docker(['container', 'prune', '-f', '--filter', 'until=1h']);
  assert.deepEqual([untilNow.code, untilNow.stdout], [0, 'Total reclaimed space: 0B\n'], 'everything is younger than an hour');
  const api = await d.api('POST', `/v1.50/containers/prune?filters=${encodeURIComponent('{"label":{"ops=2":true}}')}`);
  const keptId = (await d.api('GET', '/containers/pr-kept/json')).json().Id;
  assert.equal(api.status, 200);
  assert.equal(api.json().ContainersDeleted.length, 1);
  const all = await d.docker(['container', 'prune', '-f']);
  assert.equal(all.stdout, `Deleted Containers:\n${keptId}\n\nTotal reclaimed space: 0B\n`);
  assert.deepEqual(await names(), ['pr-paused', 'pr-running'], 'running and paused containers stay');
  const empty = await d.api('POST', '/v1.50/containers/prune');
  assert.deepEqual(empty.json(), { ContainersDeleted: null, SpaceReclaimed: 0 });
  const bad = await d.api('POST', `/v1.50/containers/prune?filters=${encodeURIComponent('{"bogus":{"1":true}}')}`);
  assert.deepEqual([bad.status, bad.json().message], [400, "Invalid filter 'bogus'"]);
  const badCli = await d.docker(['container', 'prune', '-f', '--filter', 'bogus=1']);
  assert.deepEqual([badCli.code, badCli.stderr], [1, "Error response from daemon: Invalid filter 'bogus'\n"]);
  const twoUntil = await d.api('POST', `/v1.50/containers/prune?filters=${encodeURIComponent('{"until":{"10s":true,"20s":true}}')}`);
  assert.deepEqual([twoUntil.status, twoUntil.json().message], [400, 'more than one until filter specified']);
  await d.docker(['rm', '-f', 'pr-paused', 'pr-running']);
});

test('port: no published ports yet prints nothing; a private port not published and bad input fail as docker does', async () => {
  await d.docker(['run', '-d', '--name', 'ports', 'busybox', 'sleep', '300']);
  assert.deepEqual(((await d.api('GET', '/containers/ports/json')).json()).NetworkSettings.Ports, {});
  const all = await d.docker(['port', 'ports']);
  assert.deepEqual([all.code, all.stdout, all.stderr], [0, '', '']);
  const cases: Array<[string[], string]> = [
    [['ports', '80'], "Error: No public port '80' published for ports\n"],
    [['ports', '80/udp'], "Error: No public port '80/udp' published for ports\n"],
    [['ports', 'abc'], 'Error: invalid port (abc): strconv.ParseUint: parsing "abc": invalid syntax\n'],
    [['nosuch'], 'Error response from daemon: No such container: nosuch\n'],
  ];
  for (const [args, stderr] of cases) {
    const r = await d.docker(['port', ...args]);
    assert.deepEqual([r.code, r.stderr], [1, stderr], args.join(' '));
  }
  await d.docker(['rm', '-f', 'ports']);
});
