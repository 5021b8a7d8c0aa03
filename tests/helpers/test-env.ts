import crypto from 'crypto';

/** Settings a booted test app needs even when .env is missing; never the real secrets of a developer's .env. */
export const applyTestEnvironment = (): void => {
  const random = () => crypto.randomBytes(24).toString('base64url');
  const defaults: Record<string, string> = {
    NODE_ENV: 'test',
    APP_KEYS: `${random()},${random()}`,
    API_TOKEN_SALT: random(),
    ADMIN_JWT_SECRET: random(),
    TRANSFER_TOKEN_SALT: random(),
    JWT_SECRET: random(),
    ENCRYPTION_KEY: random(),
    HELPDESK_TOKEN_SECRET: random(),
    HELPDESK_KEY_PEPPER: random(),
    STRAPI_TELEMETRY_DISABLED: 'true',
    // Every test request comes from 127.0.0.1; a test of the per-IP budget sets a low one before it boots.
    HELPDESK_IP_RATE_LIMIT_PER_MINUTE: '1000000',
    BROWSER: 'none',
  };
  for (const [key, value] of Object.entries(defaults)) {
    if (!process.env[key]) process.env[key] = value;
  }
};
