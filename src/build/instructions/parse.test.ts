import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../parser/parser.js';
import { parseInstructions } from './parse.js';
import { expandInstruction } from './expand.js';
import { InstructionError, type Instruction } from './types.js';
import { ShellLex } from '../shell/lex.js';

const parse = (body: string) => parseInstructions(parseDockerfile(`FROM busybox\n${body}\n`));
const only = (body: string): Instruction => parse(body).stages[0]!.commands[0]!;

/** Line 2 of a Dockerfile after `FROM busybox`, and the message Docker 20.10's daemon gave (asked 2026-12-02). */
const ERRORS: Array<[string, string]> = [
  ['ADD a', 'dockerfile parse error line 2: ADD requires at least two arguments, but only one was provided. Destination could not be determined'],
  ['ARG =x', 'dockerfile parse error line 2: ARG names can not be blank'],
  ['ARG', 'dockerfile parse error line 2: ARG requires at least one argument'],
  ['COPY --chown a b', 'dockerfile parse error line 2: Missing a value on flag: chown'],
  ['COPY --foo=1 a b', 'dockerfile parse error line 2: Unknown flag: foo'],
  ['COPY ["a"]', 'dockerfile parse error line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined'],
  ['COPY', 'dockerfile parse error line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined'],
  ['ENV a=b c', 'failed to parse Dockerfile: Syntax error - can\'t find = in "c". Must be of the form: name=value'],
  ['ENV =x', 'dockerfile parse error line 2: ENV names can not be blank'],
  ['ENV a', 'failed to parse Dockerfile: ENV must have two arguments'],
  ['ENV', 'dockerfile parse error line 2: ENV requires at least one argument'],
  ['EXPOSE', 'dockerfile parse error line 2: EXPOSE requires at least one argument'],
  ['COPY --from=a --from=b x y', 'dockerfile parse error line 2: Duplicate flag specified: from'],
  ['COPY --from a b', 'dockerfile parse error line 2: Missing a value on flag: from'],
  ['HEALTHCHECK --interval=5 CMD true', 'dockerfile parse error line 2: time: missing unit in duration "5"'],
  ['HEALTHCHECK --interval=bad CMD true', 'dockerfile parse error line 2: time: invalid duration "bad"'],
  ['HEALTHCHECK CMD', 'dockerfile parse error line 2: Missing command after HEALTHCHECK CMD'],
  ['HEALTHCHECK --interval=1s --interval=2s CMD true', 'dockerfile parse error line 2: Duplicate flag specified: interval'],
  ['HEALTHCHECK', 'dockerfile parse error line 2: HEALTHCHECK requires at least one argument'],
  ['HEALTHCHECK NONE x', 'dockerfile parse error line 2: HEALTHCHECK NONE takes no arguments'],
  ['HEALTHCHECK --retries=0 CMD true', 'dockerfile parse error line 2: --retries must be at least 1 (not 0)'],
  ['HEALTHCHECK --timeout=1us CMD true', 'dockerfile parse error line 2: Interval "timeout" cannot be less than 1ms'],
  ['HEALTHCHECK FOO true', 'dockerfile parse error line 2: Unknown type "FOO" in HEALTHCHECK (try CMD)'],
  ['HEALTHCHECK --foo=1 CMD true', 'dockerfile parse error line 2: Unknown flag: foo'],
  ['LABEL a=b c', 'failed to parse Dockerfile: Syntax error - can\'t find = in "c". Must be of the form: name=value'],
  ['LABEL', 'dockerfile parse error line 2: LABEL requires at least one argument'],
  ['LABEL a', 'failed to parse Dockerfile: LABEL must have two arguments'],
  ['MAINTAINER', 'dockerfile parse error line 2: MAINTAINER requires exactly one argument'],
  ['ONBUILD', 'dockerfile parse error line 2: ONBUILD requires at least one argument'],
  ['ONBUILD FROM x', 'dockerfile parse error line 2: FROM isn\'t allowed as an ONBUILD trigger'],
  ['ONBUILD MAINTAINER x', 'dockerfile parse error line 2: MAINTAINER isn\'t allowed as an ONBUILD trigger'],
  ['ONBUILD ONBUILD RUN x', 'dockerfile parse error line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed'],
  ['ONBUILD --foo RUN x', 'dockerfile parse error line 2: Unknown flag: foo'],
  ['SHELL sh -c', 'dockerfile parse error line 2: SHELL requires the arguments to be in JSON form'],
  ['SHELL', 'dockerfile parse error line 2: SHELL requires at least one argument'],
  ['STOPSIGNAL', 'dockerfile parse error line 2: STOPSIGNAL requires exactly one argument'],
  ['FOO x', 'dockerfile parse error line 2: unknown instruction: FOO'],
  ['foo x', 'dockerfile parse error line 2: unknown instruction: FOO'],
  ['USER', 'dockerfile parse error line 2: USER requires exactly one argument'],
  ['VOLUME [""]', 'dockerfile parse error line 2: VOLUME specified can not be an empty string'],
  ['VOLUME', 'dockerfile parse error line 2: VOLUME requires at least one argument'],
  ['VOLUME []', 'dockerfile parse error line 2: VOLUME requires at least one argument'],
  ['WORKDIR', 'dockerfile parse error line 2: WORKDIR requires exactly one argument'],
  ['RUN ["a", 1]', 'failed to parse Dockerfile: when using JSON array syntax, arrays must be comprised of strings only'],
  ['EXPOSE --foo 80', 'dockerfile parse error line 2: Unknown flag: foo'],
  ['RUN --mount=type=nfs,target=/x true', 'dockerfile parse error line 2: unsupported mount type "nfs"'],
  ['RUN --mount=type=cache true', 'dockerfile parse error line 2: mount target is required'],
  ['RUN --network=bridge true', 'dockerfile parse error line 2: unsupported network mode "bridge"'],
];

function daemonMessage(text: string): string {
  try {
    parseInstructions(parseDockerfile(text));
  } catch (e) {
    if (e instanceof InstructionError) return e.daemonMessage();
    throw e;
  }
  return 'no error';
}

test('every instruction error is reported with Docker 20.10\'s words and line', () => {
  for (const [line, want] of ERRORS) assert.equal(daemonMessage(`FROM busybox\n${line}\n`), want, line);
});

test('stage errors: FROM arguments, stage names, instructions before FROM', () => {
  assert.equal(daemonMessage('FROM a b\n'), 'dockerfile parse error line 1: FROM requires either one or three arguments');
  assert.equal(daemonMessage('FROM\n'), 'dockerfile parse error line 1: FROM requires either one or three arguments');
  assert.equal(daemonMessage('FROM a AS 1bad!\n'), 'dockerfile parse error line 1: invalid name for build stage: "1bad!", name can\'t start with a number or contain symbols');
  assert.equal(daemonMessage('FROM --foo=x a\n'), 'dockerfile parse error line 1: Unknown flag: foo');
  assert.equal(daemonMessage('RUN true\nFROM a\n'), 'no build stage in current context');
  assert.equal(daemonMessage('ENV a=b\nFROM a\n'), 'no build stage in current context');
});

test('what the legacy builder accepts: several words for USER/WORKDIR/MAINTAINER, empty CMD, unchecked ONBUILD trigger', () => {
  assert.deepEqual(only('USER a b'), { kind: 'user', user: 'a b', location: { startLine: 2, endLine: 2, original: 'USER a b' } });
  assert.equal((only('WORKDIR /a b') as { path: string }).path, '/a b');
  assert.deepEqual((only('CMD') as { command: unknown }).command, { form: 'shell', command: '' });
  assert.equal((only('ONBUILD FOO x') as { expression: string }).expression, 'FOO x');
  assert.deepEqual((only('ARG a=b c d=') as { args: unknown }).args, [{ key: 'a', value: 'b' }, { key: 'c' }, { key: 'd', value: '' }]);
});

test('stages: meta ARGs before the first FROM, names lower-cased, platform kept', () => {
  const df = parseInstructions(parseDockerfile('ARG V=1\nFROM --platform=linux/amd64 a:$V AS Build\nRUN x\nFROM scratch\nCOPY --from=build /x /\n'));
  assert.equal(df.metaArgs.length, 1);
  assert.deepEqual(df.stages.map((s) => [s.name, s.base, s.platform, s.commands.length]), [['build', 'a:$V', 'linux/amd64', 1], [undefined, 'scratch', undefined, 1]]);
  assert.equal((df.stages[1]!.commands[0] as { from: string }).from, 'build');
});

test('RUN: exec and shell forms, mounts, network, heredocs', () => {
  assert.deepEqual((only('RUN ["echo", "hi"]') as { command: unknown }).command, { form: 'exec', args: ['echo', 'hi'] });
  const run = only('RUN --mount=type=cache,target=/c,sharing=locked,id=x --mount=type=bind,source=a,target=/a,rw --network=none make');
  assert.deepEqual(run.kind === 'run' && [run.mounts, run.network, run.command], [[
    { type: 'cache', target: '/c', sharing: 'locked', readonly: false, id: 'x' },
    { type: 'bind', target: '/a', source: 'a', readonly: false },
  ], 'none', { form: 'shell', command: 'make' }]);
  const tmp = only('RUN --mount=type=tmpfs,dst=/t,size=1m true');
  assert.deepEqual(tmp.kind === 'run' && tmp.mounts, [{ type: 'tmpfs', target: '/t', size: 1024 * 1024 }]);
  const doc = only('RUN <<EOF\necho a\nEOF');
  assert.deepEqual(doc.kind === 'run' && doc.heredocs.map((h) => h.content), ['echo a\n']);
});

test('COPY and ADD: sources, destination, flags', () => {
  const c = only('COPY --chown=1:2 --chmod=644 --link --exclude=*.md a b* /d/');
  assert.deepEqual(c.kind === 'copy' && [c.sources, c.dest, c.chown, c.chmod, c.link, c.exclude], [['a', 'b*'], '/d/', '1:2', '644', true, ['*.md']]);
  const j = only('ADD ["a b", "/x y/"]');
  assert.deepEqual(j.kind === 'add' && [j.sources, j.dest], [['a b'], '/x y/']);
});

test('HEALTHCHECK settings in nanoseconds, CMD and CMD-SHELL, NONE', () => {
  const h = only('HEALTHCHECK --interval=5s --timeout=3s --retries=2 CMD wget -q localhost');
  assert.deepEqual(h.kind === 'healthcheck' && h.health, { test: ['CMD-SHELL', 'wget -q localhost'], interval: 5e9, timeout: 3e9, retries: 2 });
  assert.deepEqual((only('HEALTHCHECK CMD ["true"]') as { health: unknown }).health, { test: ['CMD', 'true'] });
  assert.deepEqual((only('HEALTHCHECK NONE') as { health: unknown }).health, { test: ['NONE'] });
});

test('expansion: ENV and LABEL keys and values, EXPOSE lists, COPY words; RUN and CMD left to the shell', () => {
  const lex = new ShellLex('\\');
  const env = new Map([['A', '1'], ['P', '80 443']]);
  const x = { word: (w: string) => lex.processWord(w, env), words: (w: string) => lex.processWords(w, env) };
  const df = parse('ENV K$A="v $A"\nEXPOSE $P\nCOPY --chown=$A $A /d$A/\nRUN echo $A\nLABEL "l $A"=$A');
  const [e, p, c, r, l] = df.stages[0]!.commands.map((i) => expandInstruction(i, x));
  assert.deepEqual(e!.kind === 'env' && e!.env, [{ key: 'K1', value: 'v 1' }]);
  assert.deepEqual(p!.kind === 'expose' && p!.ports, ['80', '443']);
  assert.deepEqual(c!.kind === 'copy' && [c!.sources, c!.dest, c!.chown], [['1'], '/d1/', '1']);
  assert.deepEqual(r!.kind === 'run' && r!.command, { form: 'shell', command: 'echo $A' });
  assert.deepEqual(l!.kind === 'label' && l!.labels, [{ key: 'l 1', value: '1' }]);
});
