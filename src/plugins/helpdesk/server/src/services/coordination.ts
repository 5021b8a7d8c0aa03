import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { Redis, type RedisOptions } from 'ioredis';
import type { PluginConfig } from '../config';
import { createRateLimiter, type RateLimiter, type RateLimiterOptions } from '../rate-limiter';
import { CREDENTIAL_CACHE_MS } from '../ttl-cache';
import { service } from './registry';

/** A cached copy that a change makes stale. A key is dropped alone; the others are dropped whole. */
export type ForgetMessage = { cache: 'key'; prefix: string; id: string } | { cache: 'identities' | 'links' | 'statuses' | 'settings' };

const WHOLE_CACHES = ['identities', 'links', 'statuses', 'settings'] as const;

const isForgetMessage = (value: unknown): value is ForgetMessage => {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  if (m.cache === 'key') return typeof m.prefix === 'string' && typeof m.id === 'string';
  return (WHOLE_CACHES as readonly unknown[]).includes(m.cache);
};

/** What a connection error says, without anything of the URL (it may carry a password). */
const reason = (error: unknown): string => {
  const e = error as { code?: unknown; name?: unknown };
  return typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'error';
};

/**
 * What the instances behind one load balancer share, through Redis when REDIS_URL is set: the rate-limit counts,
 * and one channel on which every change that makes a cached copy stale is announced, so every instance drops it at
 * once. Without Redis, or while it is away, each instance counts alone and its caches expire on their own
 * (CREDENTIAL_CACHE_MS): nothing here ever fails a request.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::helpdesk') as PluginConfig;
  const channel = () => `${config().redisPrefix}:forget`;
  // Announcements come back to the instance that sent them; it has already dropped its copy.
  const instanceId = crypto.randomUUID();
  let connections: { commands: Redis; subscriber: Redis } | null | undefined;
  let outage = false;

  const forgetHere = (message: ForgetMessage): void => {
    switch (message.cache) {
      case 'key':
        return service(strapi, 'credentials').forgetKey(message.prefix, message.id);
      case 'identities':
        return service(strapi, 'actors').forgetIdentities();
      case 'links':
        return service(strapi, 'panel-access').forgetLinks();
      case 'statuses':
        return service(strapi, 'tickets').forgetStatuses();
      case 'settings':
        return service(strapi, 'settings').forget();
    }
  };

  const wentAway = (error: unknown): void => {
    if (outage) return;
    outage = true;
    strapi.log.warn(
      `helpdesk: Redis cannot be reached (${reason(error)}): rate limits count in this instance's memory and changes ` +
        `made elsewhere apply here within ${CREDENTIAL_CACHE_MS / 1000} s, until it is back`,
    );
  };

  /** The two connections, made on first use: pub/sub needs one of its own, which can run no other command. */
  const connect = (): { commands: Redis; subscriber: Redis } | null => {
    if (connections !== undefined) return connections;
    const url = config().redisUrl;
    if (!url) return (connections = null);
    const common: RedisOptions = {
      connectionName: 'helpdesk',
      // Try again soon and for ever: the instance must share again as soon as Redis is back.
      retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
    };
    // Commands fail at once while Redis is away (no queue), and a Redis that hangs costs a request at most 500 ms:
    // the limiters then count in memory.
    const commands = new Redis(url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500 });
    // The subscription is queued until connected, and renewed on every reconnection (ioredis' autoResubscribe).
    const subscriber = new Redis(url, common);
    let subscribedBefore = false;
    commands.on('error', wentAway);
    subscriber.on('error', wentAway);
    commands.on('ready', () => {
      if (!outage) return;
      outage = false;
      strapi.log.info('helpdesk: Redis is reachable again: rate limits and cache invalidation are shared again');
    });
    subscriber.on('ready', () => {
      // Announcements sent while this instance was not listening are lost: drop every cached copy instead.
      if (subscribedBefore) {
        for (const cache of WHOLE_CACHES) forgetHere({ cache });
        service(strapi, 'credentials').forgetKeys();
      }
      subscribedBefore = true;
    });
    subscriber.on('message', (_channel: string, text: string) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return;
      }
      const { from, ...message } = (parsed ?? {}) as { from?: unknown };
      if (from !== instanceId && isForgetMessage(message)) forgetHere(message);
    });
    subscriber.subscribe(channel()).catch(wentAway);
    return (connections = { commands, subscriber });
  };

  const publish = (message: ForgetMessage): void => {
    const redis = connect();
    if (!redis) return;
    redis.commands.publish(channel(), JSON.stringify({ from: instanceId, ...message })).catch(wentAway);
  };

  return {
    /** Connects at start-up, so announcements from other instances are heard from the first request on. */
    start(): void {
      connect();
    },

    /** A limiter whose counts every instance shares when Redis is configured. `name` keeps its keys apart. */
    rateLimiter(name: string, options: RateLimiterOptions): RateLimiter {
      const redis = connect();
      return createRateLimiter(options, redis ? { client: redis.commands, keyPrefix: `${config().redisPrefix}:limit:${name}` } : undefined);
    },

    /**
     * The one way to drop a cached copy after a change: here at once, and, once the transaction it happens in has
     * committed, here again (a read that overlapped the change may have cached the old row) and on every other
     * instance. Announcing before the commit would let another instance re-read and cache the old row.
     */
    async forget(message: ForgetMessage): Promise<void> {
      forgetHere(message);
      const announce = () => {
        forgetHere(message);
        publish(message);
      };
      if (!strapi.db.inTransaction()) return announce();
      // Joins the open transaction (a nested call commits nothing) to reach its commit callbacks.
      await strapi.db.transaction(async ({ onCommit }) => onCommit(announce));
    },

    async close(): Promise<void> {
      const redis = connections;
      connections = null;
      if (!redis) return;
      redis.subscriber.disconnect();
      // QUIT lets a last announcement reach Redis; without a connection there is nothing to wait for.
      if (redis.commands.status === 'ready') await redis.commands.quit().catch(() => redis.commands.disconnect());
      else redis.commands.disconnect();
    },
  };
};
