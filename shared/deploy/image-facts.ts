// What the manifests must agree with about the image the studio builds (core/image/
// dockerfile.ts): the numeric user it runs as, the port its CMD listens on, and the server's OIP
// health routes. Kept in shared/ so the renderer can write manifests without asking the host.

/** USER 10001:10001 in the Dockerfile: the pod's runAsUser/runAsGroup must be the same numbers. */
export const IMAGE_UID = 10001;
export const IMAGE_GID = 10001;
/** The port the image's CMD passes to the server (`--port 8080`). */
export const IMAGE_PORT = 8080;
/** Open Inference Protocol v2 health routes served by server/. */
export const READY_PATH = '/v2/health/ready';
export const LIVE_PATH = '/v2/health/live';
