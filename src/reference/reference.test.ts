import { test } from 'node:test';
import assert from 'node:assert/strict';
import { familiarString, parseReference, referenceString, InvalidReferenceError } from './reference.js';

const D = 'sha256:' + 'a'.repeat(64);

const good: Array<[string, string, string]> = [
  ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
  ['user/app:1.0', 'docker.io/user/app:1.0', 'user/app:1.0'],
  ['localhost:5000/app', 'localhost:5000/app:latest', 'localhost:5000/app:latest'],
  ['localhost/app', 'localhost/app:latest', 'localhost/app:latest'],
  ['127.0.0.1:5000/a/b/c:v', '127.0.0.1:5000/a/b/c:v', '127.0.0.1:5000/a/b/c:v'],
  ['index.docker.io/library/x', 'docker.io/library/x:latest', 'x:latest'],
  [`app@${D}`, `docker.io/library/app@${D}`, `app@${D}`],
  [`app:t@${D}`, `docker.io/library/app:t@${D}`, `app:t@${D}`],
  ['my_app.x-y__z', 'docker.io/library/my_app.x-y__z:latest', 'my_app.x-y__z:latest'],
];

test('parseReference normalises names as Docker does', () => {
  for (const [input, full, familiar] of good) {
    const r = parseReference(input);
    assert.equal(referenceString(r), full, input);
    assert.equal(familiarString(r), familiar, input);
  }
});

test('parseReference rejects bad references with Docker messages', () => {
  const bad: Array<[string, RegExp]> = [
    ['Busybox', /repository name must be lowercase/],
    ['a/../b', /invalid reference format/],
    ['app:', /invalid reference format/],
    ['app@sha256:123', /invalid reference format/],
    ['-app', /invalid reference format/],
    ['a'.repeat(64).replace(/a/g, 'b'), /cannot specify 64-byte hexadecimal strings/],
    ['x:' + 't'.repeat(129), /invalid reference format/],
    ['', /invalid reference format/],
  ];
  for (const [input, msg] of bad) {
    assert.throws(() => parseReference(input), (e: unknown) => e instanceof InvalidReferenceError && msg.test(e.message), input);
  }
});
