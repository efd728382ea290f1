import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toOciSeccomp, unsupportedArches, type SeccompProfile } from './seccomp.js';

const PROFILE: SeccompProfile = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] }],
  syscalls: [
    { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' },
    { names: ['chroot'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_CHROOT'] } },
    { names: ['chroot'], action: 'SCMP_ACT_ERRNO', errnoRet: 1, excludes: { caps: ['CAP_SYS_CHROOT'] } },
    { names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['amd64'] } },
    { names: ['s390_only'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['s390x'] } },
    { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }] },
  ],
};

test('toOciSeccomp keeps rules by capability and architecture, as moby does', () => {
  const withChroot = toOciSeccomp(PROFILE, ['CAP_SYS_CHROOT'], 'amd64', new Set());
  assert.deepEqual(withChroot.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  assert.deepEqual(withChroot.syscalls.map((s) => `${s.names[0]}:${s.action}`), [
    'read:SCMP_ACT_ALLOW', 'chroot:SCMP_ACT_ALLOW', 'arch_prctl:SCMP_ACT_ALLOW', 'personality:SCMP_ACT_ALLOW',
  ]);
  assert.deepEqual(withChroot.syscalls[3]!.args, [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }]);
  const without = toOciSeccomp(PROFILE, [], 'amd64');
  assert.deepEqual(without.syscalls.find((s) => s.names[0] === 'chroot'), { names: ['chroot'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 });
  assert.equal(without.defaultErrnoRet, 1);
});

test('sub-architectures the kernel cannot run are left out of the filter', () => {
  const noX32 = unsupportedArches('CONFIG_IA32_EMULATION=y\n# CONFIG_X86_X32_ABI is not set\n');
  assert.deepEqual([...noX32], ['SCMP_ARCH_X32']);
  assert.deepEqual(toOciSeccomp(PROFILE, [], 'amd64', noX32).architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86']);
  assert.deepEqual([...unsupportedArches('')], [], 'an unreadable config drops nothing');
});
