/**
 * Docker 20.10's Go structs behind a legacy v1 image JSON, as `GoType` tables in declaration order
 * (the order Go writes them): `image.V1Image`, `container.Config`, `container.HealthConfig`, and
 * for the final check of a converted config, `image.Image` (V1Image plus rootfs, history and the
 * os.version/os.features fields). Field names and `omitempty` flags are copied from those structs.
 */
import type { GoField, GoType } from './go-struct.js';

const HEALTH: GoType = {
  struct: [
    { name: 'Test', type: 'strings', omitempty: true },
    { name: 'Interval', type: 'int', omitempty: true },
    { name: 'Timeout', type: 'int', omitempty: true },
    { name: 'StartPeriod', type: 'int', omitempty: true },
    { name: 'Retries', type: 'int', omitempty: true },
  ],
};

/** `container.Config` (api/types/container/config.go). */
export const CONTAINER_CONFIG: GoType = {
  struct: [
    { name: 'Hostname', type: 'string' }, { name: 'Domainname', type: 'string' }, { name: 'User', type: 'string' },
    { name: 'AttachStdin', type: 'bool' }, { name: 'AttachStdout', type: 'bool' }, { name: 'AttachStderr', type: 'bool' },
    { name: 'ExposedPorts', type: 'set', omitempty: true },
    { name: 'Tty', type: 'bool' }, { name: 'OpenStdin', type: 'bool' }, { name: 'StdinOnce', type: 'bool' },
    { name: 'Env', type: 'strings' }, { name: 'Cmd', type: 'strslice' },
    { name: 'Healthcheck', type: { ptr: HEALTH }, omitempty: true },
    { name: 'ArgsEscaped', type: 'bool', omitempty: true },
    { name: 'Image', type: 'string' }, { name: 'Volumes', type: 'set' }, { name: 'WorkingDir', type: 'string' },
    { name: 'Entrypoint', type: 'strslice' },
    { name: 'NetworkDisabled', type: 'bool', omitempty: true }, { name: 'MacAddress', type: 'string', omitempty: true },
    { name: 'OnBuild', type: 'strings' }, { name: 'Labels', type: 'smap' },
    { name: 'StopSignal', type: 'string', omitempty: true }, { name: 'StopTimeout', type: { ptr: 'int' }, omitempty: true },
    { name: 'Shell', type: 'strslice', omitempty: true },
  ],
};

/** `image.V1Image` (image/image.go). */
export const V1_IMAGE_FIELDS: GoField[] = [
  { name: 'id', type: 'string', omitempty: true },
  { name: 'parent', type: 'string', omitempty: true },
  { name: 'comment', type: 'string', omitempty: true },
  { name: 'created', type: 'time' },
  { name: 'container', type: 'string', omitempty: true },
  { name: 'container_config', type: CONTAINER_CONFIG, omitempty: true },
  { name: 'docker_version', type: 'string', omitempty: true },
  { name: 'author', type: 'string', omitempty: true },
  { name: 'config', type: { ptr: CONTAINER_CONFIG }, omitempty: true },
  { name: 'architecture', type: 'string', omitempty: true },
  { name: 'variant', type: 'string', omitempty: true },
  { name: 'os', type: 'string', omitempty: true },
  { name: 'Size', type: 'int', omitempty: true },
];

/** `image.History`: one entry of a config's history. */
export const HISTORY_FIELDS: GoField[] = [
  { name: 'created', type: 'time' },
  { name: 'author', type: 'string', omitempty: true },
  { name: 'created_by', type: 'string', omitempty: true },
  { name: 'comment', type: 'string', omitempty: true },
  { name: 'empty_layer', type: 'bool', omitempty: true },
];

/** `image.Image`: what Docker's image store decodes a new config into before accepting it. */
export const IMAGE_FIELDS: GoField[] = [
  ...V1_IMAGE_FIELDS,
  { name: 'rootfs', type: { ptr: { struct: [{ name: 'type', type: 'string' }, { name: 'diff_ids', type: 'strings', omitempty: true }] } }, omitempty: true },
  { name: 'history', type: { slice: { struct: HISTORY_FIELDS } }, omitempty: true },
  { name: 'os.version', type: 'string', omitempty: true },
  { name: 'os.features', type: 'strings', omitempty: true },
];
