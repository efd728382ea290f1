/**
 * Where everything lives. data-root (persistent): content, layers, images, containers.
 * exec-root (runtime, tmpfs): the API socket, runc's state, conmon bundles, exit files.
 */
import { join } from 'node:path';

export class EnginePaths {
  constructor(readonly dataRoot: string, readonly execRoot: string) {}

  get content() { return join(this.dataRoot, 'content'); }
  get layers() { return join(this.dataRoot, 'layers'); }
  get images() { return join(this.dataRoot, 'images'); }
  get containers() { return join(this.dataRoot, 'containers'); }
  container(id: string) { return join(this.containers, id); }
  containerLog(id: string) { return join(this.container(id), `${id}-json.log`); }
  get runcRoot() { return join(this.execRoot, 'runc'); }
  get exits() { return join(this.execRoot, 'exits'); }
  bundle(id: string) { return join(this.execRoot, 'c', id); }
}
