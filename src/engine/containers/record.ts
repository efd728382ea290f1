/**
 * The container model. `Config` and `HostConfig` keep Docker's wire shapes: they arrive in
 * `POST /containers/create`, are stored as given (normalised), and come back in inspect.
 */
import type { ContainerDefaults } from '../../oci/image-config.js';
import type { Digest } from '../../oci/digest.js';
import type { LogConfig } from './logs/policy.js';
import type { Health } from './health/state.js';
import type { MountPoint } from '../../volume/mount-point.js';
import type { ContainerNetworkState } from '../../network/endpoint.js';

export type ContainerConfig = ContainerDefaults & { Image: string };

export interface RestartPolicy { Name: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure'; MaximumRetryCount?: number }

export interface HostConfig {
  Binds?: string[] | null;
  NetworkMode?: string;
  PortBindings?: Record<string, Array<{ HostIp?: string; HostPort?: string }>> | null;
  RestartPolicy?: RestartPolicy;
  AutoRemove?: boolean;
  VolumesFrom?: string[] | null;
  CapAdd?: string[] | null;
  CapDrop?: string[] | null;
  Dns?: string[] | null;
  DnsOptions?: string[] | null;
  DnsSearch?: string[] | null;
  ExtraHosts?: string[] | null;
  Privileged?: boolean;
  SecurityOpt?: string[] | null;
  ReadonlyRootfs?: boolean;
  Init?: boolean | null;
  Memory?: number;
  MemorySwap?: number;
  MemoryReservation?: number;
  CpuQuota?: number;
  CpuPeriod?: number;
  CpusetCpus?: string;
  CpusetMems?: string;
  BlkioWeight?: number;
  NanoCpus?: number;
  CpuShares?: number;
  PidsLimit?: number | null;
  MemorySwappiness?: number | null;
  Ulimits?: Array<{ Name: string; Soft: number; Hard: number }> | null;
  Tmpfs?: Record<string, string>;
  ShmSize?: number;
  ConsoleSize?: [number, number];
  GroupAdd?: string[] | null;
  StorageOpt?: Record<string, string> | null;
  LogConfig?: LogConfig;
  [key: string]: unknown;
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerState {
  Status: ContainerStatus;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
  OOMKilled: boolean;
  /** Set (and saved) by a stop or kill of the user, reset by a start: `unless-stopped` does not restart it (HasBeenManuallyStopped). */
  StoppedByUser?: boolean;
  /** Present once a container whose healthcheck probes has started (health/monitors.ts). */
  Health?: Health;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** What Wharf persists for a container (containers/<id>/container.json). */
export interface ContainerRecord {
  Id: string;
  Name: string;
  Created: string;
  Path: string;
  Args: string[];
  Config: ContainerConfig;
  HostConfig: HostConfig;
  /** Image ID (config digest). */
  Image: Digest;
  State: ContainerState;
  RestartCount: number;
  LogPath: string;
  /** Its volumes, binds and --mount tmpfs, resolved at create (absent in records written before volumes). */
  MountPoints?: MountPoint[];
  /** Its networks (requested at create, connect; addresses while it runs) and published ports. Absent in records written before networks. */
  NetworkSettings?: ContainerNetworkState;
}

/**
 * Docker's State.Running: running, frozen (paused), or between two runs of its restart policy
 * (restarting). Such a container is listed, waited on and stopped; start answers 304.
 */
export function isRunning(s: Pick<ContainerState, 'Status'>): boolean {
  return s.Status === 'running' || s.Status === 'paused' || s.Status === 'restarting';
}

/** The container has a process now (running or paused): it can be signalled, updated, exited. */
export function hasProcess(s: Pick<ContainerState, 'Status'>): boolean {
  return s.Status === 'running' || s.Status === 'paused';
}

export function newState(): ContainerState {
  return { Status: 'created', Pid: 0, ExitCode: 0, Error: '', StartedAt: ZERO_TIME, FinishedAt: ZERO_TIME, OOMKilled: false };
}
