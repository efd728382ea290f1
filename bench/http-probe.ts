/**
 * A helper process of bench/network.ts: it waits for the first HTTP answer on a loopback port, in
 * the network namespace it was started in (a test daemon's, podman's, or the host's), so the bench
 * can time a published port that only that namespace can reach. One process lives for the whole
 * bench, so its start-up is never part of a measurement.
 *
 * Protocol, one line each way: the bench writes `<port> <path> [host]`; the probe GETs
 * http://<host, 127.0.0.1 if none>:<port><path> every POLL_MS (each attempt bounded by ATTEMPT_MS) and answers `ok <port>`
 * on the first 200, or `timeout <port>` after DEADLINE_MS (also at once after a `cancel` line, for
 * the wait under way: the container it waited for was refused). Requests are handled one at a time.
 * Usage: node dist/bench/http-probe.js (stdin/stdout; it ends when stdin closes)
 */
import http from 'node:http';
import { createInterface } from 'node:readline';

const POLL_MS = 3;
/**
 * One attempt's bound. Short on purpose: docker-proxy accepts before the container's veth is up, and
 * its dial then waits for the kernel's first SYN retransmit (1 s); a client that gives up and dials
 * again gets through as soon as the container listens.
 */
const ATTEMPT_MS = 100;
const DEADLINE_MS = 20_000;

/** One GET: true on a 200; any error (refused, reset by a proxy with no backend yet) is false. */
function answers(host: string, port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path, timeout: ATTEMPT_MS, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Bumped by each `cancel` line: a wait that began under an older one gives up. */
let generation = 0;

async function waitFor(host: string, port: number, path: string): Promise<boolean> {
  const deadline = Date.now() + DEADLINE_MS;
  const mine = generation;
  while (Date.now() < deadline && mine === generation) {
    if (await answers(host, port, path)) return true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return false;
}

let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'cancel') return void generation++;
  const [port, path = '/', host = '127.0.0.1'] = line.trim().split(' ');
  queue = queue.then(async () => {
    const ok = await waitFor(host, Number(port), path);
    process.stdout.write(`${ok ? 'ok' : 'timeout'} ${port}\n`);
  });
});
