/**
 * The daemon's own life: one daemon per data-root, clean SIGTERM, and containers that outlive a
 * SIGKILLed daemon and are found again by the next one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { busyboxTar } from '../helpers/busybox.js';
import { startDaemon, runCommand, DAEMON_JS } from '../helpers/daemon.js';

test('a second daemon on the same data-root is refused', async () => {
  const d = await startDaemon();
  try {
    const second = await runCommand(process.execPath, [DAEMON_JS, '--data-root', d.dataRoot, '--exec-root', `${d.root}/run2`, '-H', `unix://${d.root}/other.sock`], { timeout: 15_000 });
    assert.equal(second.code, 1);
    assert.match(second.stderr, /failed to start daemon: another wharfd \(pid \d+\) is already using data-root/);
    assert.equal((await d.api('GET', '/_ping')).status, 200, 'the first daemon is untouched');
  } finally {
    await d.cleanup();
  }
});

test('SIGTERM shuts down cleanly and removes the socket', async () => {
  const d = await startDaemon();
  try {
    assert.equal(await d.stop('SIGTERM'), 0);
    assert.equal(existsSync(d.socket), false);
  } finally {
    await d.cleanup();
  }
});

test('a container survives SIGKILL of the daemon; the next daemon sees it and can stop and remove it', async () => {
  const d = await startDaemon();
  try {
    await d.importBusybox();
    const run = await d.docker(['run', '-d', '--name', 'survivor', 'busybox', 'sleep', '300']);
    assert.equal(run.code, 0, run.stderr);
    const pid = (await d.api('GET', '/containers/survivor/json')).json().State.Pid as number;
    await d.stop('SIGKILL');
    assert.doesNotThrow(() => process.kill(pid, 0), 'the container process is still alive');
    await d.start();
    const ps = await d.docker(['ps', '--format', '{{.Names}} {{.State}}']);
    assert.equal(ps.stdout.trim(), 'survivor running');
    const stop = await d.docker(['stop', '-t', '1', 'survivor']);
    assert.equal(stop.code, 0, stop.stderr);
    const rm = await d.docker(['rm', 'survivor']);
    assert.equal(rm.code, 0, rm.stderr);
    assert.throws(() => process.kill(pid, 0));
  } finally {
    await d.cleanup();
  }
});

test('a container that exits while the daemon is down is seen as exited with its code', async () => {
  const d = await startDaemon();
  try {
    await d.importBusybox();
    const run = await d.docker(['run', '-d', '--name', 'quick', 'busybox', 'sh', '-c', 'sleep 0.5; exit 7']);
    assert.equal(run.code, 0, run.stderr);
    await d.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, 1000));
    await d.start();
    const st = (await d.api('GET', '/containers/quick/json')).json().State;
    assert.deepEqual([st.Status, st.ExitCode], ['exited', 7]);
  } finally {
    await d.cleanup();
  }
});

test('a runtime leftover of a start cut short (daemon killed between runc create and start) is cleaned at restart', async () => {
  const d = await startDaemon();
  try {
    await d.importBusybox();
    const { Id } = (await d.api('POST', '/v1.50/containers/create?name=halfway', { Image: 'busybox', Cmd: ['echo', 'second try'] })).json();
    await d.stop('SIGKILL');
    // What the killed daemon left: a container runc has created (but not started) under our runc root.
    const bundle = join(d.root, 'leftover');
    mkdirSync(join(bundle, 'rootfs'), { recursive: true });
    await runCommand('tar', ['-xf', busyboxTar(), '-C', join(bundle, 'rootfs')]);
    await runCommand('runc', ['spec', '-b', bundle]);
    const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
    spec.process.terminal = false;
    spec.process.args = ['sleep', '100'];
    writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec));
    // stdio ignored: runc hands its pipes to the container's init, which keeps them open.
    execFileSync('runc', ['--root', join(d.execRoot, 'runc'), 'create', '-b', bundle, Id], { stdio: 'ignore', timeout: 20_000 });
    await d.start();
    const list = await runCommand('runc', ['--root', join(d.execRoot, 'runc'), 'list', '-q']);
    assert.equal(list.stdout.trim(), '', 'reconcile deleted the leftover');
    const start = await d.docker(['start', '-a', 'halfway']);
    assert.deepEqual([start.code, start.stdout], [0, 'second try\n'], start.stderr);
  } finally {
    await d.cleanup();
  }
});

test('a container whose monitor and process died without an exit file can still be removed with rm -f', async () => {
  const d = await startDaemon();
  try {
    await d.importBusybox();
    const run = await d.docker(['run', '-d', '--name', 'orphan', 'busybox', 'sleep', '300']);
    assert.equal(run.code, 0, run.stderr);
    const id = run.stdout.trim();
    const pid = (await d.api('GET', '/containers/orphan/json')).json().State.Pid as number;
    const conmonPid = Number(readFileSync(join(d.execRoot, 'c', id, 'conmon.pid'), 'utf8'));
    process.kill(conmonPid, 'SIGKILL'); // no monitor: nobody will write the exit file
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await d.api('GET', '/containers/orphan/json')).json().State.Status, 'running', 'the daemon has not heard of it');
    const rm = await d.docker(['rm', '-f', 'orphan'], { timeout: 20_000 });
    assert.equal(rm.code, 0, rm.stderr);
    assert.equal((await d.api('GET', '/containers/orphan/json')).status, 404);
  } finally {
    await d.cleanup();
  }
});
