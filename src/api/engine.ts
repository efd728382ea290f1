/** The services the API serves, wired by the daemon. */
import type { ContainerService } from '../engine/containers/service.js';
import type { ImageService } from '../engine/images/service.js';
import type { Attacher } from '../engine/containers/attach.js';
import type { SystemService } from '../engine/system/service.js';

export interface Engine {
  containers: ContainerService;
  images: ImageService;
  attacher: Attacher;
  system: SystemService;
}
