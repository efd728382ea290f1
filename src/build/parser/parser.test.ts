import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile, splitFlags, jsonForm, heredocMarkers } from './parser.js';
import { DockerfileSyntaxError } from './ast.js';

const keywords = (text: string) => parseDockerfile(text).instructions.map((n) => n.keyword);

test('directives at the top only; keys in any case; a comment, a blank line or an instruction ends them', () => {
  const d = parseDockerfile('# syntax=docker/dockerfile:1\n#  ESCAPE = `\n# check=skip=JSONArgsRecommended\nFROM scratch\n');
  assert.deepEqual(d.directives, { syntax: 'docker/dockerfile:1', escape: '`', check: 'skip=JSONArgsRecommended' });
  assert.equal(parseDockerfile('# about this file\n# escape=`\nFROM scratch\n').directives.escape, '\\', 'after a plain comment it is a comment');
  assert.equal(parseDockerfile('# unknowndirective=value\n# escape=`\nFROM scratch\n').directives.escape, '\\', 'an unknown directive is a comment and ends them');
  assert.equal(parseDockerfile('\n# escape=`\nFROM scratch\n').directives.escape, '\\', 'after a blank line');
  assert.equal(parseDockerfile('FROM scratch\n# escape=`\n').directives.escape, '\\');
  assert.throws(() => parseDockerfile('# escape=`\n# escape=\\\nFROM scratch\n'), { message: 'dockerfile parse error on line 2: only one escape parser directive can be used' });
  assert.throws(() => parseDockerfile('# escape=x\nFROM scratch\n'), (e: unknown) => e instanceof DockerfileSyntaxError && e.line === 1 && /invalid escape token 'x'/.test(e.message));
});

test('continuations join lines; comments and blank lines inside them are skipped; line numbers stay right', () => {
  const d = parseDockerfile('FROM busybox\n\n# a comment\nRUN echo a \\\n  # inside\n\n  && echo b\nlabel x=1\n');
  assert.deepEqual(d.instructions.map((n) => [n.keyword, n.args, n.startLine, n.endLine]), [
    ['FROM', 'busybox', 1, 1], ['RUN', 'echo a   && echo b', 4, 7], ['LABEL', 'x=1', 8, 8],
  ]);
  const bt = parseDockerfile('# escape=`\nFROM x\nRUN dir c:\\ `\n  /w\n');
  assert.equal(bt.instructions[1]!.args, 'dir c:\\   /w', 'with ` as escape, \\ is an ordinary character');
  assert.equal(parseDockerfile('FROM x\nRUN a \\\n').instructions[1]!.args, 'a', 'a continuation at the end of the file');
});

test('flags come before the arguments (quotes kept, -- ends them); the JSON form is recognised only when valid', () => {
  assert.deepEqual(splitFlags(' --from=build --chown="a b" src dst'), { flags: ['--from=build', '--chown="a b"'], args: 'src dst' });
  assert.deepEqual(splitFlags('--mount=type=cache,target=/c -- --not-a-flag'), { flags: ['--mount=type=cache,target=/c'], args: '--not-a-flag' });
  const n = parseDockerfile('FROM x\nCMD ["sh", "-c", "echo hi"]\nENTRYPOINT [not json]\n').instructions;
  assert.deepEqual(n[1]!.json, ['sh', '-c', 'echo hi']);
  assert.equal(n[2]!.json, undefined);
  assert.equal(jsonForm('["a", 1]'), undefined, 'only strings make the JSON form');
  assert.equal(parseDockerfile('FROM x\nCOPY --from=b --chmod=755 /a /b\n').instructions[1]!.flags.join(' '), '--from=b --chmod=755');
});

test('here-documents: bodies follow the line, several per line, quoted names are not expanded, <<- strips tabs', () => {
  const d = parseDockerfile([
    'FROM alpine',
    'RUN <<FILE1 cat > file1 && <<"FILE2" cat > file2',
    'I am',
    'first $X',
    'FILE1',
    'second $X',
    'FILE2',
    'COPY <<-EOF /greeting.txt',
    '\t\thello',
    '\tEOF',
    'RUN echo "<<NOT" done',
  ].join('\n'));
  const [, run, copy, last] = d.instructions;
  assert.deepEqual(run!.heredocs, [
    { name: 'FILE1', content: 'I am\nfirst $X\n', expand: true, chomp: false },
    { name: 'FILE2', content: 'second $X\n', expand: false, chomp: false },
  ]);
  assert.deepEqual([run!.startLine, run!.endLine], [2, 7]);
  assert.deepEqual(copy!.heredocs, [{ name: 'EOF', content: 'hello\n', expand: true, chomp: true }]);
  assert.deepEqual([last!.keyword, last!.heredocs, last!.startLine], ['RUN', [], 11], 'a quoted << is no here-document');
  assert.deepEqual(heredocMarkers("echo '<<A' <<B \\<<C", '\\').map((m) => m.name), ['B']);
  assert.equal(parseDockerfile('FROM x\nLABEL a=<<EOF\n').instructions[1]!.heredocs.length, 0, 'only RUN, COPY and ADD take here-documents');
});

test('bad files say what and where', () => {
  assert.throws(() => parseDockerfile('FROM x\nRUN <<EOF\necho\n'), { message: 'dockerfile parse error on line 2: unterminated heredoc EOF' });
  assert.throws(() => parseDockerfile('# just a comment\n\n'), { message: 'file with no instructions' });
  assert.deepEqual(keywords('from x\nRun y\n'), ['FROM', 'RUN'], 'keywords in any case');
});
