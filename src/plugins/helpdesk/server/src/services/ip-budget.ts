import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';
import { createRateLimiter } from '../rate-limiter';

/**
 * The per-IP request budget (http/ip-budget.ts spends it): counted before any credential is looked up, so a flood
 * of bad credentials costs a counter, not a database query, once it is over the budget.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const perMinute = () => strapi.plugin('helpdesk').config('ipRateLimitPerMinute') as PluginConfig['ipRateLimitPerMinute'];
  const limiter = createRateLimiter({ limit: perMinute, windowMs: 60_000 });

  return {
    /** Counts one request from `ip`; returns the seconds to wait when it is over the budget, or 0. */
    spend(ip: string): number {
      return limiter.hit(ip);
    },

    reset(): void {
      limiter.reset();
    },
  };
};
