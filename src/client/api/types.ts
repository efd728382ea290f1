/**
 * Wire shapes of the Engine API (v1.50 spec) as far as the client reads or writes them. Fields the
 * client does not use are left out; everything here is optional where the spec allows absence.
 */

/** `GET /containers/json` item (ContainerSummary). */
export interface ContainerSummary {
  Id: string;
  Names?: string[] | null;
  Image?: string;
  ImageID?: string;
  Command?: string;
  Created?: number;
  Ports?: PortSummary[] | null;
  SizeRw?: number;
  SizeRootFs?: number;
  Labels?: Record<string, string> | null;
  State?: string;
  Status?: string;
  Mounts?: Array<{ Name?: string; Source?: string; Type?: string }> | null;
  NetworkSettings?: { Networks?: Record<string, unknown> | null } | null;
}

/** One published or exposed port of a ContainerSummary. */
export interface PortSummary {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

/** `GET /images/json` item (ImageSummary). */
export interface ImageSummary {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created: number;
  Size: number;
  SharedSize?: number;
  Labels?: Record<string, string> | null;
  Containers?: number;
}

/** `POST /containers/create` answer. */
export interface CreateResponse {
  Id: string;
  Warnings?: string[] | null;
}

/** `POST /containers/{id}/wait` answer. */
export interface WaitResponse {
  StatusCode: number;
  Error?: { Message?: string } | null;
}

/** The parts of `GET /containers/{id}/json` the CLI reads. */
export interface ContainerInspect {
  Id: string;
  Name?: string;
  Config?: { Tty?: boolean; OpenStdin?: boolean } | null;
  State?: { Running?: boolean; Paused?: boolean; Restarting?: boolean; Status?: string; ExitCode?: number } | null;
  HostConfig?: { AutoRemove?: boolean } | null;
}

/** `GET /version` (SystemVersion). */
export interface VersionResponse {
  Platform?: { Name?: string };
  Components?: Array<{ Name: string; Version: string; Details?: Record<string, string> | null }> | null;
  Version?: string;
  ApiVersion?: string;
  MinAPIVersion?: string;
  GitCommit?: string;
  GoVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
  Experimental?: boolean;
  BuildTime?: string;
}

/** `GET /info` (SystemInfo); only read loosely, so every field is optional. */
export type InfoResponse = Record<string, unknown>;

/** Container create body: `Config` fields with `HostConfig` and `NetworkingConfig` beside them. */
export type CreateBody = Record<string, unknown> & { Image: string };
