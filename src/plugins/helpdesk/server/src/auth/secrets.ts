import crypto from 'crypto';
import type { Core } from '@strapi/strapi';

/**
 * The token-signing secret and the API-key pepper come from the plugin config (HELPDESK_TOKEN_SECRET,
 * HELPDESK_KEY_PEPPER). Dropped into an app that sets neither, the plugin derives them from the app's own keys,
 * so it works at once and never falls back to a constant.
 */
export const helpdeskSecrets = (strapi: Core.Strapi): { tokenSecret: string; keyPepper: string } => {
  const config = strapi.config.get('plugin::helpdesk') as { tokenSecret?: string; keyPepper?: string };
  const appKeys = (strapi.config.get('server.app.keys') as string[] | undefined) ?? [];
  const derive = (label: string): string => {
    if (appKeys.length === 0 || !appKeys[0]) {
      throw new Error(
        `helpdesk: no secret configured for ${label}. Set HELPDESK_TOKEN_SECRET and HELPDESK_KEY_PEPPER (or APP_KEYS).`,
      );
    }
    return crypto.createHmac('sha256', appKeys[0]).update(`open-help-desk:${label}`).digest('base64url');
  };
  return {
    tokenSecret: config.tokenSecret || derive('token-secret'),
    keyPepper: config.keyPepper || derive('key-pepper'),
  };
};
