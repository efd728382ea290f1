/**
 * HTTP "hijack" for attach and exec start, as moby's client/hijack.go does it: the request carries
 * `Connection: Upgrade` and `Upgrade: tcp`, the daemon answers `101 UPGRADED`, and from then on the
 * connection is a raw full-duplex byte stream (stdin one way; output, framed or raw, the other).
 *
 * The connection is a fresh socket (never the keep-alive pool), opened with allowHalfOpen so that
 * ending stdin (a half-close) does not stop the output. Bytes the HTTP parser read past the response
 * headers are put back in front of the stream, so nothing the daemon sent early is lost.
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { ConnectionError, ProtocolError, isConnectFailure } from './errors.js';
import { encodeQuery, readApiError, type Query, type Transport } from './transport.js';

/** A hijacked connection. */
export interface HijackedStream {
  /** The raw connection: write stdin, `end()` for stdin EOF, read the output. */
  socket: Duplex;
  /** `application/vnd.docker.multiplexed-stream` or `application/vnd.docker.raw-stream`. */
  contentType: string;
}

/** What to hijack. */
export interface HijackOptions {
  path: string;
  query?: Query;
  /** JSON body (exec start sends one). */
  json?: unknown;
}

/** POSTs `path` with an upgrade request and returns the raw stream once the daemon answers 101. */
export async function hijack(t: Transport, o: HijackOptions): Promise<HijackedStream> {
  const path = `/v${await t.version()}${o.path}${encodeQuery(o.query)}`;
  const body = o.json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(o.json));
  const headers = {
    'User-Agent': 'Wharf-Client/0.1.0 (linux)',
    'Content-Type': o.json === undefined ? 'text/plain' : 'application/json',
    'Content-Length': String(body.length),
    Connection: 'Upgrade',
    Upgrade: 'tcp',
  };
  return new Promise((resolve, reject) => {
    const req = http.request({ ...t.target(), method: 'POST', path, headers, agent: false, createConnection: () => connect(t) });
    req.on('upgrade', (res, socket, head) => {
      if (head.length > 0) socket.unshift(head);
      resolve({ socket, contentType: String(res.headers['content-type'] ?? '') });
    });
    req.on('response', (res) => {
      if ((res.statusCode ?? 0) >= 400) readApiError(res).then(reject, reject);
      else {
        res.resume();
        reject(new ProtocolError(`expected 101 Switching Protocols, got ${res.statusCode}`));
      }
    });
    req.on('error', (e) => reject(isConnectFailure(e) ? new ConnectionError(t.address.url, { cause: e }) : e));
    req.end(body);
  });
}

function connect(t: Transport): net.Socket {
  const a = t.address;
  if (a.socketPath) return net.connect({ path: a.socketPath, allowHalfOpen: true });
  return net.connect({ host: a.hostname ?? '', port: a.port ?? 0, allowHalfOpen: true });
}
