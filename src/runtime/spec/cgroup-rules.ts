/**
 * `--device-cgroup-rule 'c 1:3 rmw'`: extra allow rules of the devices cgroup, parsed at start
 * as moby does (`type major:minor access`, `*` for any number), with its message for a bad one.
 */
import { DeviceError, type DeviceRule } from './devices.js';

const RULE = /^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$/;

export function cgroupRules(rules: readonly string[] | null | undefined): DeviceRule[] {
  return (rules ?? []).map((rule) => {
    const m = RULE.exec(rule);
    if (!m) throw new DeviceError(`invalid device cgroup rule format: '${rule}'`);
    const [, type, major, minor, access] = m as unknown as [string, string, string, string, string];
    return {
      allow: true, type, access,
      ...(major === '*' ? {} : { major: Number(major) }),
      ...(minor === '*' ? {} : { minor: Number(minor) }),
    };
  });
}
