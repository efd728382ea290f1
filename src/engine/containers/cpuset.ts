/** cpuset lists (`0-3,5`) as Docker parses them (moby pkg/parsers ParseUintList), and its availability check. */

/** The numbers a list names; throws `invalid format: <list>` as Docker does. */
export function parseCpusetList(list: string): Set<number> {
  const out = new Set<number>();
  if (list === '') return out;
  const invalid = new Error(`invalid format: ${list}`);
  const num = (s: string) => {
    if (!/^[+-]?\d+$/.test(s)) throw invalid;
    return Number(s);
  };
  for (const part of list.split(',')) {
    const dash = part.indexOf('-');
    if (dash < 0 || dash === part.length - 1) {
      out.add(num(part)); // "3-" is malformed, as Go's Atoi finds it
      continue;
    }
    const [lo, hi] = [num(part.slice(0, dash)), num(part.slice(dash + 1))];
    if (hi < lo) throw invalid;
    for (let i = lo; i <= hi; i++) out.add(i);
  }
  return out;
}

/** Whether every number `wanted` names is in `available` (both lists); throws on a malformed `wanted`. */
export function cpusetAvailable(wanted: string, available: string): boolean {
  const want = parseCpusetList(wanted);
  const have = parseCpusetList(available);
  return [...want].every((n) => have.has(n));
}
