import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuildRenderer } from './render.js';

/** The legacy stream of a two-step build (as wharfd and Docker 20.10 send it) → BuildKit-style plain progress. */
test('the legacy build stream is drawn as BuildKit\'s plain progress, with timings', () => {
  let t = 0;
  let out = '';
  const r = new BuildRenderer((s) => (out += s), () => t);
  const msgs = [
    { stream: 'Step 1/3 : FROM busybox\n' }, { stream: ' ---> 0123456789ab\n' },
    { stream: 'Step 2/3 : RUN echo hi\n' }, { stream: ' ---> Running in abcdefabcdef\n' },
    { stream: 'h' }, { stream: 'i\n\x1b[91moops\n\x1b[0m' },
    { stream: 'Removing intermediate container abcdefabcdef\n' }, { stream: ' ---> 111111111111\n' },
    { stream: 'Step 3/3 : CMD ["sh"]\n' }, { stream: ' ---> Using cache\n' }, { stream: ' ---> 222222222222\n' },
    { aux: { ID: 'sha256:2222' } }, { stream: '[Warning] One or more build-args [X] were not consumed\n' },
    { stream: 'Successfully built 222222222222\n' }, { stream: 'Successfully tagged x:latest\n' },
  ];
  for (const m of msgs) {
    t += 250;
    r.message(m);
  }
  r.end();
  assert.equal(out, [
    '', '#1 [1/3] FROM busybox', '#1 DONE 0.5s',
    '', '#2 [2/3] RUN echo hi', '#2 0.750 hi', '#2 0.750 oops', '#2 DONE 1.5s',
    '', '#3 [3/3] CMD ["sh"]', 'WARNING: One or more build-args [X] were not consumed', '#3 CACHED',
    '', '#4 exporting to image', '#4 writing image sha256:2222 done', '#4 naming to x:latest done', '#4 DONE 0.3s', '',
  ].join('\n'));
});

test('an error ends the open step', () => {
  let out = '';
  const r = new BuildRenderer((s) => (out += s), () => 0);
  r.message({ stream: 'Step 2/3 : RUN false\n' });
  r.error("The command '/bin/sh -c false' returned a non-zero code: 1");
  assert.equal(out, "\n#2 [2/3] RUN false\n#2 ERROR: The command '/bin/sh -c false' returned a non-zero code: 1\n");
});
