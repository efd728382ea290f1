/** EXPOSE's port specs as Docker's nat.ParsePortSpecs reads them: `80`, `80/udp`, `8000-8010[/tcp]`. */
import { InstructionError } from '../../instructions/types.js';

const PROTOS = new Set(['tcp', 'udp', 'sctp']);

/** The ExposedPorts keys (`80/tcp`) of EXPOSE's words, with Docker's messages for bad ones. */
export function exposedPorts(words: readonly string[], line: number): string[] {
  const out: string[] = [];
  for (const w of words) {
    const slash = w.indexOf('/');
    const port = slash >= 0 ? w.slice(0, slash) : w;
    const proto = (slash >= 0 ? w.slice(slash + 1) : 'tcp').toLowerCase();
    if (!PROTOS.has(proto)) throw new InstructionError(`Invalid proto: ${proto}`, line);
    const m = /^(\d+)(?:-(\d+))?$/.exec(port);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
    if (!m || lo > 65535 || hi > 65535 || hi < lo) throw new InstructionError(`Invalid containerPort: ${port}`, line);
    for (let p = lo; p <= hi; p++) out.push(`${p}/${proto}`);
  }
  return out;
}
