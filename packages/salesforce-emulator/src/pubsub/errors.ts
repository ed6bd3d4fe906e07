import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';

/**
 * Pub/Sub API failures as Salesforce sends them: a gRPC status whose message ends with the RPC id,
 * and an `error-code` trailer naming the cause (Salesforce's "Handle Errors" guide).
 */

export interface PubSubError {
  code: grpc.status;
  details: string;
  metadata: grpc.Metadata;
}

export const pubSubError = (code: grpc.status, errorCode: string, message: string): PubSubError => {
  const rpcId = randomUUID();
  const metadata = new grpc.Metadata();
  metadata.set('error-code', errorCode);
  metadata.set('rpc-id', rpcId);
  return { code, details: `${message} rpcId: ${rpcId}`, metadata };
};

export const authError = (): PubSubError =>
  pubSubError(
    grpc.status.UNAUTHENTICATED,
    'sfdc.platform.eventbus.grpc.service.auth.error',
    'An authentication exception occurred. Provide valid authentication via metadata headers.',
  );

export const replayIdCorrupted = (): PubSubError =>
  pubSubError(
    grpc.status.INVALID_ARGUMENT,
    'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted',
    'The Replay ID validation failed.',
  );

export const invalidArgument = (errorCode: string, message: string): PubSubError =>
  pubSubError(grpc.status.INVALID_ARGUMENT, `sfdc.platform.eventbus.grpc.${errorCode}`, message);

export const topicNotFound = (topic: string): PubSubError =>
  pubSubError(
    grpc.status.NOT_FOUND,
    'sfdc.platform.eventbus.grpc.topic.not.found',
    `Topic ${topic} was not found or Change Data Capture is not enabled for its entity.`,
  );

export const topicDenied = (topic: string): PubSubError =>
  pubSubError(
    grpc.status.PERMISSION_DENIED,
    'sfdc.platform.eventbus.grpc.subscription.permission.denied',
    `The user does not have permission to subscribe to ${topic}.`,
  );

export const streamDropped = (): PubSubError =>
  pubSubError(
    grpc.status.UNAVAILABLE,
    'sfdc.platform.eventbus.grpc.service.unavailable',
    'RST_STREAM closed stream.',
  );
