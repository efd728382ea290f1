/**
 * `wharf version`: the Client section, then the Server section from `GET /version`, laid out as
 * docker's default template (tabwriter, min width 20, padding 1). A failing daemon still prints the
 * client part, then the error, exit 1.
 */
import type { VersionResponse } from '../../client/api/types.js';
import type { CommandSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { compile } from '../format/formatter.js';
import { tabwrite } from '../format/tabwriter.js';
import { execute } from '../format/template/exec.js';
import { basicFuncs } from '../format/template/funcs.js';
import { FORMAT_FLAG_USAGE_NO_TABLE } from './shared/flags.js';
import { str } from '../flags/types.js';
import { WHARF_BUILD, WHARF_VERSION } from '../root.js';
import { CLIENT_API_VERSION } from '../../client/transport.js';

interface ClientVersion {
  Version: string;
  ApiVersion: string;
  DefaultAPIVersion: string;
  GitCommit: string;
  NodeVersion: string;
  Os: string;
  Arch: string;
  BuildTime: string;
  Context: string;
}

function clientVersion(apiVersion: string): ClientVersion {
  return {
    Version: WHARF_VERSION, ApiVersion: apiVersion, DefaultAPIVersion: CLIENT_API_VERSION, GitCommit: WHARF_BUILD,
    NodeVersion: process.version, Os: process.platform, Arch: process.arch === 'x64' ? 'amd64' : process.arch,
    BuildTime: '', Context: 'default',
  };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** docker's reformatDate: an RFC 3339 build time shown in Go's ANSIC layout (UTC kept as given). */
export function reformatDate(s: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) return s;
  const [, y, mo, d, hh, mi, ss] = m.map(Number) as number[];
  const day = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1)).getUTCDay();
  const pad = (n: number | undefined): string => String(n).padStart(2, '0');
  return `${DAYS[day]} ${MONTHS[(mo ?? 1) - 1]} ${String(d).padStart(2, ' ')} ${pad(hh)}:${pad(mi)}:${pad(ss)} ${y}`;
}

function clientText(c: ClientVersion): string {
  const downgraded = c.ApiVersion !== c.DefaultAPIVersion ? ` (downgraded from ${c.DefaultAPIVersion})` : '';
  return `Client:\n Version:\t${c.Version}\n API version:\t${c.ApiVersion}${downgraded}\n Node version:\t${c.NodeVersion}\n`
    + ` Git commit:\t${c.GitCommit}\n Built:\t${c.BuildTime}\n OS/Arch:\t${c.Os}/${c.Arch}\n Context:\t${c.Context}`;
}

function serverText(s: VersionResponse): string {
  let out = `\n\nServer:${s.Platform?.Name ? ` ${s.Platform.Name}` : ''}`;
  for (const comp of s.Components ?? []) {
    const d = comp.Details ?? {};
    out += `\n ${comp.Name}:`;
    if (comp.Name === 'Engine') {
      out += `\n  Version:\t${comp.Version}\n  API version:\t${d['ApiVersion'] ?? ''} (minimum version ${d['MinAPIVersion'] ?? ''})`
        + `\n  Go version:\t${d['GoVersion'] ?? ''}\n  Git commit:\t${d['GitCommit'] ?? ''}\n  Built:\t${d['BuildTime'] ?? ''}`
        + `\n  OS/Arch:\t${d['Os'] ?? ''}/${d['Arch'] ?? ''}\n  Experimental:\t${d['Experimental'] ?? ''}`;
    } else {
      out += `\n  Version:\t${comp.Version}`;
      for (const k of Object.keys(d).sort()) out += `\n  ${k}:\t${d[k] ?? ''}`;
    }
  }
  return out;
}

async function run(ctx: CliContext, format: string): Promise<number> {
  let server: VersionResponse | undefined;
  let failure: unknown;
  let api = CLIENT_API_VERSION;
  try {
    const t = await ctx.transport();
    api = await t.version();
    const { getVersion } = await import('../../client/api/system.js');
    server = await getVersion(t);
    for (const c of server.Components ?? []) {
      if (c.Details?.['BuildTime']) c.Details['BuildTime'] = reformatDate(c.Details['BuildTime']);
    }
  } catch (e) {
    failure = e;
  }
  const client = clientVersion(api);
  if (format) {
    const data = { Client: client, Server: server ?? null };
    const tpl = format === 'json' ? '{{json .}}' : format;
    ctx.out(`${execute(compile(tpl), data, basicFuncs)}\n`);
  } else {
    ctx.out(tabwrite(`${clientText(client)}${server ? serverText(server) : ''}\n`, { minWidth: 20, padding: 1 }));
  }
  if (failure !== undefined) throw failure;
  return 0;
}

/** `wharf version`. */
export const command: CommandSpec = {
  name: 'version',
  use: 'version [OPTIONS]',
  short: 'Show the Wharf version information',
  flags: [{ long: 'format', short: 'f', type: 'string', usage: FORMAT_FLAG_USAGE_NO_TABLE }],
  args: { kind: 'none' },
  run: (ctx, p) => run(ctx, str(p, 'format')),
};
