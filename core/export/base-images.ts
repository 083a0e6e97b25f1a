// Export → Docker image → Base image: the engine's local images, judged as bases (shared/image/
// base-images.ts says what qualifies). Offline, the base must already be here, so this list is what
// a user can build on without a registry. Images whose environment names no NODE_VERSION are looked
// into for a node binary (a container created, never started); verdicts are kept per image id.
import type Docker from 'dockerode';
import { judgeBase, sortBases, type ImageFacts, type LocalImage } from '../../shared/image/base-images';
import { DockerClient } from '../docker/client';

/** Where a base's node may be; the Dockerfile runs `node` from the PATH. */
const NODE_PATHS = ['/usr/local/bin/node', '/usr/bin/node', '/bin/node', '/opt/node/bin/node'];
/** Looking into an image costs a container create/remove (~50 ms); enough for any sane local set. */
const MAX_PROBES = 40;
const PROBE_LABELS = { 'io.modelcrate.probe': '1' };

const probed = new Map<string, string | null>();

export async function localBaseImages(dockerHost?: string): Promise<LocalImage[]> {
  const docker = await DockerClient.connect(dockerHost || undefined);
  const images = await docker.listImages();
  const tagged = images.flatMap((img) => (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map((ref) => ({ ref, img })));
  const inspected = new Map<string, Docker.ImageInspectInfo>();
  await Promise.all(
    [...new Set(tagged.map((t) => t.img.Id))].map(async (id) => {
      inspected.set(id, await docker.inspectImage(id));
    }),
  );
  let probes = 0;
  const out: LocalImage[] = [];
  for (const { ref, img } of tagged) {
    const info = inspected.get(img.Id);
    const facts: ImageFacts = { ref, os: info?.Os, arch: info?.Architecture, env: info?.Config?.Env ?? [], labels: img.Labels ?? {} };
    let verdict = judgeBase(facts);
    if (verdict.fit === 'unknown' && (probed.has(img.Id) || probes++ < MAX_PROBES)) {
      if (!probed.has(img.Id)) probed.set(img.Id, await docker.findInImage(img.Id, NODE_PATHS, PROBE_LABELS));
      verdict = judgeBase({ ...facts, nodeAt: probed.get(img.Id)! });
    }
    out.push({ ref, id: img.Id, sizeBytes: img.Size, created: img.Created, ...verdict });
  }
  return sortBases(out);
}
