/** Image JSON as Docker serves it: `GET /images/json` summaries and `GET /images/{name}/json`. */
import type { ImageConfig, ContainerDefaults } from '../../oci/image-config.js';
import type { ImageDetails, ImageView } from '../../engine/engine.js';

function created(config: ImageConfig): string {
  return config.created ?? '0001-01-01T00:00:00Z';
}

export function imageSummary(v: ImageView) {
  const { record: rec, config } = v;
  return {
    Containers: v.containers,
    Created: Math.floor(Date.parse(created(config)) / 1000) || 0,
    Id: rec.id,
    Labels: config.config?.Labels ?? null,
    ParentId: rec.parent ?? '',
    RepoDigests: v.repoDigests,
    RepoTags: v.repoTags,
    SharedSize: -1,
    Size: rec.size,
    VirtualSize: rec.size,
  };
}

function defaultsJson(c: ContainerDefaults | undefined) {
  return {
    Hostname: c?.Hostname ?? '', Domainname: c?.Domainname ?? '', User: c?.User ?? '',
    AttachStdin: Boolean(c?.AttachStdin), AttachStdout: Boolean(c?.AttachStdout), AttachStderr: Boolean(c?.AttachStderr),
    ...(c?.ExposedPorts ? { ExposedPorts: c.ExposedPorts } : {}),
    Tty: Boolean(c?.Tty), OpenStdin: Boolean(c?.OpenStdin), StdinOnce: Boolean(c?.StdinOnce),
    Env: c?.Env ?? null, Cmd: c?.Cmd ?? null,
    ...(c?.Healthcheck ? { Healthcheck: c.Healthcheck } : {}),
    ...(c?.ArgsEscaped ? { ArgsEscaped: true } : {}),
    Image: c?.Image ?? '', Volumes: c?.Volumes ?? null, WorkingDir: c?.WorkingDir ?? '',
    Entrypoint: c?.Entrypoint ?? null, OnBuild: c?.OnBuild ?? null, Labels: c?.Labels ?? null,
    ...(c?.StopSignal ? { StopSignal: c.StopSignal } : {}),
    ...(c?.Shell ? { Shell: c.Shell } : {}),
  };
}

export function imageInspect(d: ImageDetails) {
  const { record: rec, config } = d;
  const [top, ...lower] = [...d.layerDirs].reverse();
  return {
    Id: rec.id,
    RepoTags: d.repoTags,
    RepoDigests: d.repoDigests,
    Parent: rec.parent ?? '',
    Comment: config.comment ?? '',
    Created: created(config),
    Container: config.container ?? '',
    ContainerConfig: defaultsJson(config.container_config),
    DockerVersion: config.docker_version ?? '',
    Author: config.author ?? '',
    Config: defaultsJson(config.config),
    Architecture: config.architecture,
    ...(config.variant ? { Variant: config.variant } : {}),
    Os: config.os,
    Size: rec.size,
    VirtualSize: rec.size,
    GraphDriver: {
      Data: {
        ...(lower.length > 0 ? { LowerDir: lower.join(':') } : {}),
        ...(top ? { MergedDir: top.replace(/\/diff$/, '/merged'), UpperDir: top, WorkDir: top.replace(/\/diff$/, '/work') } : {}),
      },
      Name: 'overlay2',
    },
    RootFS: { Type: 'layers', Layers: config.rootfs.diff_ids },
    Metadata: { LastTagTime: rec.loaded },
  };
}
