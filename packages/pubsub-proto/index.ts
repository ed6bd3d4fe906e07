import { fileURLToPath } from 'node:url';

/**
 * Where pubsub_api.proto is on disk, for @grpc/proto-loader. One copy serves both sides of the
 * stream: bullpen's client (src/platform/salesforce/pubsub) and the emulator's server.
 */
export const pubsubProtoPath: string = fileURLToPath(new URL('./pubsub_api.proto', import.meta.url));
