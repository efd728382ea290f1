/** The services the API serves, wired by the daemon. */
import type { ContainerService } from '../engine/containers.js';
import type { ImageService } from '../engine/images.js';
import type { Attacher } from '../engine/attach.js';
import type { SystemService } from '../engine/system.js';

export interface Engine {
  containers: ContainerService;
  images: ImageService;
  attacher: Attacher;
  system: SystemService;
}
