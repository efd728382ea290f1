/**
 * Engine API cases of the walking skeleton: status codes, headers and bodies, as Docker answers them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

test('_ping answers GET and HEAD with Docker\'s headers, versioned or not', async () => {
  for (const path of ['/_ping', '/v1.24/_ping', '/v1.50/_ping']) {
    const r = await d.api('GET', path);
    assert.equal(r.status, 200);
    assert.equal(r.body, 'OK');
    assert.equal(r.headers['api-version'], '1.50');
    assert.equal(r.headers['ostype'], 'linux');
    assert.equal(r.headers['cache-control'], 'no-cache, no-store, must-revalidate');
  }
  const head = await d.api('HEAD', '/_ping');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], '0');
});

test('unsupported API versions are refused with Docker\'s messages', async () => {
  const old = await d.api('GET', '/v1.23/info');
  assert.equal(old.status, 400);
  assert.match(old.json().message, /client version 1.23 is too old\. Minimum supported API version is 1.24/);
  const neu = await d.api('GET', '/v1.99/info');
  assert.equal(neu.status, 400);
  assert.equal(neu.json().message, 'client version 1.99 is too new. Maximum supported API version is 1.50');
  const none = await d.api('GET', '/v1.41/nothing');
  assert.deepEqual([none.status, none.json()], [404, { message: 'page not found' }]);
});

test('version and info report the fields clients read', async () => {
  const v = (await d.api('GET', '/version')).json();
  for (const k of ['Version', 'ApiVersion', 'MinAPIVersion', 'Os', 'Arch', 'KernelVersion', 'Components']) assert.ok(k in v, k);
  assert.equal(v.ApiVersion, '1.50');
  const info = (await d.api('GET', '/info')).json();
  assert.equal(info.DockerRootDir, d.dataRoot);
  assert.equal(info.Images, 1);
  assert.equal(info.Driver, 'overlay2');
});

test('bad create bodies: malformed JSON, no image, unknown image, bad name, name conflict', async () => {
  const bad = await d.api('POST', '/v1.50/containers/create', '{bad');
  assert.equal(bad.status, 400);
  assert.match(bad.json().message, /invalid JSON/);
  const empty = await d.api('POST', '/v1.50/containers/create', {});
  assert.deepEqual([empty.status, empty.json().message], [400, 'Config cannot be empty in order to create a container']);
  const noimg = await d.api('POST', '/v1.50/containers/create', { Image: 'nosuch' });
  assert.deepEqual([noimg.status, noimg.json().message], [404, 'No such image: nosuch:latest']);
  const upper = await d.api('POST', '/v1.50/containers/create', { Image: 'BUSYBOX' });
  assert.deepEqual([upper.status, upper.json().message], [400, 'invalid reference format: repository name must be lowercase']);
  const badName = await d.api('POST', '/v1.50/containers/create?name=b@d', { Image: 'busybox', Cmd: ['true'] });
  assert.deepEqual([badName.status, badName.json().message], [400, 'Invalid container name (b@d), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed']);
  const first = await d.api('POST', '/v1.50/containers/create?name=dup', { Image: 'busybox', Cmd: ['true'] });
  assert.equal(first.status, 201);
  assert.deepEqual(Object.keys(first.json()).sort(), ['Id', 'Warnings']);
  const dup = await d.api('POST', '/v1.50/containers/create?name=dup', { Image: 'busybox', Cmd: ['true'] });
  assert.equal(dup.status, 409);
  assert.equal(dup.json().message, `Conflict. The container name "/dup" is already in use by container "${first.json().Id}". You have to remove (or rename) that container to be able to reuse that name.`);
});

test('unknown containers are 404 everywhere', async () => {
  for (const [m, p] of [['GET', '/containers/zzz/json'], ['POST', '/containers/zzz/start'], ['DELETE', '/containers/zzz'], ['POST', '/containers/zzz/wait'], ['GET', '/containers/zzz/logs?stdout=1']] as const) {
    const r = await d.api(m, `/v1.50${p}`);
    assert.deepEqual([r.status, r.json().message], [404, 'No such container: zzz'], `${m} ${p}`);
  }
});

test('lifecycle status codes: start twice is 304, kill a stopped container is 409, wait body', async () => {
  const { Id } = (await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', Cmd: ['sleep', '30'] })).json();
  assert.equal((await d.api('POST', `/v1.50/containers/${Id}/start`)).status, 204);
  assert.equal((await d.api('POST', `/v1.50/containers/${Id}/start`)).status, 304);
  const inspect = (await d.api('GET', `/v1.50/containers/${Id}/json`)).json();
  assert.equal(inspect.State.Running, true);
  assert.ok(inspect.State.Pid > 0);
  const waiting = d.api('POST', `/v1.50/containers/${Id}/wait`);
  assert.equal((await d.api('POST', `/v1.50/containers/${Id}/kill?signal=BOGUS`)).status, 400);
  assert.equal((await d.api('POST', `/v1.50/containers/${Id}/kill?signal=TERM`)).status, 204);
  assert.equal((await d.api('POST', `/v1.50/containers/${Id}/kill`)).status, 204);
  const w = await waiting;
  assert.deepEqual([w.status, w.json()], [200, { Error: null, StatusCode: 137 }]);
  const again = await d.api('POST', `/v1.50/containers/${Id}/kill`);
  assert.deepEqual([again.status, again.json().message], [409, `Cannot kill container: ${Id}: Container ${Id} is not running`]);
  assert.equal((await d.api('POST', `/v1.50/containers/${Id}/stop`)).status, 304);
  const logs = await d.api('GET', `/v1.50/containers/${Id}/logs`);
  assert.deepEqual([logs.status, logs.json().message], [400, 'Bad parameters: you must choose at least one stream']);
});

test('attach before start receives framed output; without Upgrade the answer is 200 raw-stream', async () => {
  const { Id } = (await d.api('POST', '/v1.50/containers/create', { Image: 'busybox', Cmd: ['sh', '-c', 'echo a; echo b >&2'] })).json();
  const attached = d.api('POST', `/v1.50/containers/${Id}/attach?stream=1&stdout=1&stderr=1`);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal((await d.api('POST', `/v1.50/containers/${Id}/start`)).status, 204);
  const r = await attached;
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/vnd.docker.multiplexed-stream');
  const raw = Buffer.from(r.body, 'latin1');
  const frames: Array<[number, string]> = [];
  for (let off = 0; off + 8 <= raw.length;) {
    const size = raw.readUInt32BE(off + 4);
    frames.push([raw[off]!, raw.subarray(off + 8, off + 8 + size).toString()]);
    off += 8 + size;
  }
  assert.deepEqual(frames.sort(), [[1, 'a\n'], [2, 'b\n']]);
});
