/**
 * Help texts of the container commands against docker CLI 28's (fixtures/help/*.txt: `docker <cmd>
 * --help` printed with no daemon (so no flag is hidden for an older API), "docker" replaced by "wharf"). create shares run's
 * flag table, which grows flag by flag: its page must be docker's first lines and a subset of
 * docker's option blocks, in docker's order. No daemon is needed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI_JS, REPO, runCommand } from '../helpers/daemon.js';

const fixture = (name: string): string => readFileSync(join(REPO, 'test/cli/fixtures/help', `${name}.txt`), 'utf8');
const help = async (...args: string[]): Promise<string> => {
  const r = await runCommand(process.execPath, [CLI_JS, ...args, '--help'], { env: { ...process.env, WHARF_NO_AUTOSTART: '1' } });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};

/** The option blocks of a help page: each flag line with its continuation lines. */
function optionBlocks(page: string): string[] {
  const lines = page.slice(page.indexOf('Options:\n') + 'Options:\n'.length).split('\n');
  const blocks: string[] = [];
  for (const l of lines) {
    if (/^ {2}(-\w, )?( {4})?--/.test(l) || /^ {2}-\w, --/.test(l)) blocks.push(l);
    else if (l.startsWith('   ') && blocks.length > 0) blocks[blocks.length - 1] += `\n${l}`;
  }
  // Wrapping depends on the widest flag of the page: compare the words.
  return blocks.map((b) => b.replace(/\s+/g, ' ').trim());
}

for (const name of ['start', 'stop', 'restart', 'kill', 'wait', 'attach', 'ps']) {
  test(`${name} --help is docker's`, async () => {
    assert.equal(await help(name), fixture(name));
  });
}

test('container start --help names the alias as docker does', async () => {
  assert.equal(await help('container', 'start'), fixture('start').replace('Usage:  wharf start', 'Usage:  wharf container start'));
});

test("create --help: docker's heading, and run's options less the session ones, worded and ordered as docker's", async () => {
  const page = await help('create');
  const docker = fixture('create');
  const heading = (s: string): string => s.slice(0, s.indexOf('Options:'));
  assert.equal(heading(page), heading(docker));
  const ours = optionBlocks(page);
  const theirs = optionBlocks(docker);
  const missing = ours.filter((b) => !theirs.includes(b));
  assert.deepEqual(missing, [], 'every option block is docker\'s, word for word');
  const order = ours.map((b) => theirs.indexOf(b));
  assert.deepEqual(order, [...order].sort((a, b) => a - b), 'in docker\'s order');
  const runFlags = optionBlocks(await help('run')).map((b) => b.split(' ').find((w) => w.startsWith('--')));
  const createFlags = ours.map((b) => b.split(' ').find((w) => w.startsWith('--')));
  assert.deepEqual(createFlags, runFlags.filter((f) => !['--detach', '--detach-keys', '--sig-proxy'].includes(f!)));
});

test("the container group lists its commands as docker's does, in docker's order", async () => {
  const rows = (page: string): string[] => page.split('\n').filter((l) => /^ {2}[a-z]+ +\S/.test(l));
  const ours = rows(await help('container'));
  const theirs = rows(fixture('container'));
  assert.ok(ours.length >= 15);
  assert.deepEqual(ours, theirs.filter((l) => ours.includes(l)));
  for (const cmd of ['attach', 'create', 'kill', 'restart', 'start', 'stop', 'wait']) {
    assert.ok(ours.some((l) => l.startsWith(`  ${cmd} `)), cmd);
  }
});

for (const name of ['login', 'logout', 'search']) {
  test(`${name} --help is docker's`, async () => {
    assert.equal(await help(name), fixture(name));
  });
}

for (const name of ['pull', 'push']) {
  // Wharf has no content trust (--disable-content-trust) and no single-platform push (push --platform).
  test(`${name} --help: docker's heading, and a subset of docker's options, worded and ordered as docker's`, async () => {
    const page = await help(name);
    const docker = fixture(name);
    const heading = (s: string): string => s.slice(0, s.indexOf('Options:'));
    assert.equal(heading(page), heading(docker));
    const ours = optionBlocks(page);
    const theirs = optionBlocks(docker);
    assert.deepEqual(ours.filter((b) => !theirs.includes(b)), [], 'every option block is docker\'s, word for word');
    const order = ours.map((b) => theirs.indexOf(b));
    assert.deepEqual(order, [...order].sort((a, b) => a - b), 'in docker\'s order');
    assert.ok(ours.some((b) => b.startsWith('-a, --all-tags')) && ours.some((b) => b.startsWith('-q, --quiet')));
  });
}

test('image pull and image push name their aliases as docker does', async () => {
  assert.equal((await help('image', 'pull')).split('\n')[0], 'Usage:  wharf image pull [OPTIONS] NAME[:TAG|@DIGEST]');
  assert.match(await help('image', 'push'), /Aliases:\n {2}wharf image push, wharf push\n/);
});

test("the image group lists pull and push as docker's does, in docker's order", async () => {
  const rows = (page: string): string[] => page.split('\n').filter((l) => /^ {2}[a-z]+ +\S/.test(l));
  const ours = rows(await help('image'));
  const theirs = rows(fixture('image'));
  assert.deepEqual(ours, theirs.filter((l) => ours.includes(l)), 'word for word, in docker\'s order');
  for (const cmd of ['pull', 'push']) assert.ok(ours.some((l) => l.startsWith(`  ${cmd} `)), cmd);
});
