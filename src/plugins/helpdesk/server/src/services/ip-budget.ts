import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';
import { service } from './registry';

/**
 * The per-IP request budget (http/ip-budget.ts spends it): counted before any credential is looked up, so a flood
 * of bad credentials costs a counter, not a database query, once it is over the budget.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const perMinute = () => strapi.plugin('helpdesk').config('ipRateLimitPerMinute') as PluginConfig['ipRateLimitPerMinute'];
  // One budget for all instances (through Redis when configured): a load balancer does not multiply it.
  const limiter = service(strapi, 'coordination').rateLimiter('ip', { limit: perMinute, windowMs: 60_000 });

  return {
    /** Counts one request from `ip`; returns the seconds to wait when it is over the budget, or 0. */
    spend(ip: string): Promise<number> {
      return limiter.hit(ip);
    },

    reset(): Promise<void> {
      return limiter.reset();
    },
  };
};
