/**
 * `wharf pause|unpause|rename|update|port|container prune` against a real wharfd, checked against
 * the docker CLI 28 itself: the same command through both CLIs on the same daemon must print the
 * same stdout and stderr (with "docker" read as "wharf") and exit with the same status; `--help`
 * must read as docker's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCommand, DOCKER, type RunResult } from '../helpers/daemon.js';
import { suiteDaemon } from '../helpers/suite.js';

const d = suiteDaemon();

const asWharf = (r: RunResult) => ({ code: r.code, stdout: r.stdout.replaceAll('docker', 'wharf'), stderr: r.stderr.replaceAll('docker', 'wharf') });

/** Runs `args` through docker, resets with `reset`, runs them through wharf; both must answer alike. */
async function same(args: string[], o: { reset?: () => Promise<unknown>; input?: string; ids?: boolean } = {}): Promise<RunResult> {
  const docker = asWharf(await d.docker(args, { input: o.input }));
  await o.reset?.();
  const wharf = await d.wharf(args, { input: o.input });
  const norm = (s: string) => (o.ids ? s.replace(/[a-f0-9]{64}/g, '<id>') : s);
  assert.deepEqual({ ...wharf, stdout: norm(wharf.stdout), stderr: norm(wharf.stderr) },
    { ...docker, stdout: norm(docker.stdout), stderr: norm(docker.stderr) }, args.join(' '));
  return wharf;
}

test('--help of each command reads as docker\'s', async () => {
  for (const cmd of [['pause'], ['unpause'], ['rename'], ['update'], ['port'], ['container', 'prune'], ['container', 'pause'], ['container', 'update']]) {
    const docker = asWharf(await runCommand(DOCKER, [...cmd, '--help']));
    assert.deepEqual(await d.wharf([...cmd, '--help']), docker, cmd.join(' '));
  }
});

test('pause and unpause: names printed, errors in docker\'s words, exit 1 when one fails', async () => {
  await d.docker(['run', '-d', '--name', 'pz1', 'busybox', 'sleep', '300']);
  await same(['pause', 'pz1'], { reset: () => d.docker(['unpause', 'pz1']) });
  assert.equal((await d.api('GET', '/containers/pz1/json')).json().State.Status, 'paused');
  await same(['pause', 'pz1', 'nosuch']);
  await same(['unpause', 'pz1'], { reset: () => d.docker(['pause', 'pz1']) });
  await same(['unpause', 'pz1']);
  await same(['container', 'pause', 'pz1'], { reset: () => d.docker(['unpause', 'pz1']) });
  await same(['pause']);
  await d.docker(['rm', '-f', 'pz1']);
});

test('rename: success is silent; refusals print the daemon\'s error and docker\'s "failed to rename"', async () => {
  await d.docker(['create', '--name', 'rn1', 'busybox', 'true']);
  await d.docker(['create', '--name', 'rn2', 'busybox', 'true']);
  await same(['rename', 'rn1', 'rn3'], { reset: () => d.docker(['rename', 'rn3', 'rn1']) });
  assert.equal((await d.api('GET', '/containers/rn3/json')).status, 200);
  await same(['rename', 'rn3', 'rn2'], { ids: true });
  await same(['rename', 'rn3', 'rn3']);
  await same(['rename', 'rn3', ' ']);
  await same(['rename', 'nosuch', 'rn9']);
  await same(['rename', 'rn3']);
  await d.docker(['rm', 'rn2', 'rn3']);
});

test('update: names, warnings on stdout, refusals and flag errors as docker gives them', async () => {
  await d.docker(['run', '-d', '--name', 'up1', 'busybox', 'sleep', '300']);
  await same(['update', '--cpus', '1.5', '-m', '64m', '--memory-swap', '-1', '--pids-limit', '30', '--cpu-shares', '100', 'up1']);
  const h = (await d.api('GET', '/containers/up1/json')).json().HostConfig;
  assert.deepEqual([h.NanoCpus, h.Memory, h.MemorySwap, h.PidsLimit, h.CpuShares], [1.5e9, 64 << 20, -1, 30, 100]);
  await same(['update', '--blkio-weight', '300', 'up1']);
  await same(['update', '--restart', 'on-failure:2', 'up1']);
  assert.deepEqual((await d.api('GET', '/containers/up1/json')).json().HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 2 });
  await same(['update', '-m', '1m', 'up1']);
  await same(['update', '--cpu-quota', '50000', 'up1'], { ids: true });
  await same(['update', '--cpus', '1', 'up1', 'nosuch']);
  await same(['update', 'up1']);
  await same(['update', '--restart', 'bogus:1:2', 'up1']);
  await same(['update', '--cpus', 'abc', 'up1']);
  await same(['update', '--blkio-weight', '70000', 'up1']);
  await same(['update', '--pids-limit', 'abc', 'up1']);
  await d.docker(['rm', '-f', 'up1']);
});

test('port and container prune: output and messages as docker prints them', async () => {
  await d.docker(['run', '-d', '--name', 'pt1', 'busybox', 'sleep', '300']);
  await same(['port', 'pt1']);
  await same(['port', 'pt1', '80']);
  await same(['port', 'pt1', '80/udp']);
  await same(['port', 'pt1', 'abc']);
  await same(['port', 'pt1', '99999']);
  await same(['port', 'nosuch']);
  await same(['port', 'pt1', '80', '90']);
  await same(['container', 'prune'], { input: 'n\n' });
  const make = () => d.docker(['create', '--label', 'cli-prune=1', 'busybox', 'true']);
  await make();
  await same(['container', 'prune', '-f', '--filter', 'label=cli-prune=1'], { reset: make, ids: true });
  await same(['container', 'prune', '-f', '--filter', 'label=cli-prune=1']);
  await same(['container', 'prune', '-f', '--filter', 'bogus=1']);
  await same(['container', 'prune', '-f', '--filter', 'label']);
  await d.docker(['rm', '-f', 'pt1']);
});
