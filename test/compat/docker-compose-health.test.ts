/**
 * docker-compose's `depends_on: condition: service_healthy` against wharfd (Debian's docker-compose
 * 1.29 on docker-py: it polls `State.Health.Status` of the dependency before it creates the
 * dependent). Services use `network_mode: none`, as Wharf has no networks yet. Skipped where
 * docker-compose is not installed (`apt-get install docker-compose`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, startDaemon, type TestDaemon } from '../helpers/daemon.js';

const COMPOSE = '/usr/bin/docker-compose';
const skip = existsSync(COMPOSE) ? false : 'docker-compose is not installed';

// db is healthy only once /tmp/ready exists (2 s after it starts): app must not be created before.
const PROJECT = `version: "2.4"
services:
  db:
    image: busybox
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; sleep 300"]
    network_mode: none
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 200ms
      timeout: 5s
      retries: 50
  app:
    image: busybox
    command: ["sleep", "300"]
    network_mode: none
    depends_on:
      db:
        condition: service_healthy
`;

let d: TestDaemon;
let dir: string;
before(async () => {
  if (skip) return;
  d = await startDaemon();
  await d.importBusybox();
  dir = mkdtempSync('/tmp/wh-compose-');
  writeFileSync(join(dir, 'docker-compose.yml'), PROJECT);
});
after(async () => {
  if (skip) return;
  await d.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const compose = (args: string[]) => runCommand(COMPOSE, ['-p', 'hc', '-f', join(dir, 'docker-compose.yml'), ...args], {
  env: { ...process.env, DOCKER_HOST: d.host }, timeout: 120_000,
});

test('compose starts a service only once the one it depends on is healthy', { skip }, async () => {
  const up = await compose(['up', '-d']);
  assert.equal(up.code, 0, up.stderr);
  const db = (await d.api('GET', '/containers/hc_db_1/json')).json();
  const app = (await d.api('GET', '/containers/hc_app_1/json')).json();
  const firstHealthy = (db.State.Health.Log as Array<{ ExitCode: number; End: string }>).find((r) => r.ExitCode === 0);
  assert.ok(firstHealthy, JSON.stringify(db.State.Health));
  assert.ok(db.State.Health.Log[0].ExitCode !== 0, 'db was probed unhealthy before /tmp/ready existed');
  assert.ok(Date.parse(app.Created) >= Date.parse(firstHealthy.End), `app created ${app.Created}, db healthy ${firstHealthy.End}`);
  assert.equal(app.State.Status, 'running');
  const down = await compose(['down']);
  assert.equal(down.code, 0, down.stderr);
  assert.deepEqual((await d.api('GET', '/containers/json?all=1')).json(), []);
});
