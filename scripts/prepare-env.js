#!/usr/bin/env node
// Makes a fresh clone startable with no hand set-up: Strapi refuses to start without its secrets, a .tmp/
// folder and public/uploads/. Secrets are generated locally, once, and never committed (.env is git-ignored).
// Existing values are kept, so restarting never invalidates sessions, keys or tokens.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const envFile = path.join(root, '.env');
const secret = () => crypto.randomBytes(32).toString('base64url');

const wanted = {
  HOST: () => '0.0.0.0',
  PORT: () => '1337',
  APP_KEYS: () => [secret(), secret(), secret(), secret()].join(','),
  API_TOKEN_SALT: secret,
  ADMIN_JWT_SECRET: secret,
  TRANSFER_TOKEN_SALT: secret,
  JWT_SECRET: secret,
  ENCRYPTION_KEY: secret,
  HELPDESK_TOKEN_SECRET: secret,
  HELPDESK_KEY_PEPPER: secret,
  STRAPI_TELEMETRY_DISABLED: () => 'true',
};

const existing = fs.existsSync(envFile) ? fs.readFileSync(envFile, 'utf8') : '';
const present = new Set(
  existing
    .split('\n')
    .map((line) => /^\s*([A-Z0-9_]+)\s*=\s*(.+)$/.exec(line))
    .filter(Boolean)
    .map((m) => m[1]),
);
const missing = Object.keys(wanted).filter((k) => !present.has(k) && !process.env[k]);
if (missing.length > 0) {
  const lines = missing.map((k) => `${k}=${wanted[k]()}`);
  const prefix = existing && !existing.endsWith('\n') ? '\n' : '';
  fs.writeFileSync(envFile, existing + prefix + lines.join('\n') + '\n', { mode: 0o600 });
  console.log(`prepare-env: wrote ${missing.length} missing setting(s) to .env`);
}
// The mode given to writeFileSync applies only when it creates the file: a .env made by hand, copied or checked
// out world-readable keeps its mode otherwise, secrets and all.
if (fs.existsSync(envFile)) fs.chmodSync(envFile, 0o600);
for (const dir of ['.tmp', path.join('public', 'uploads')]) {
  fs.mkdirSync(path.join(root, dir), { recursive: true });
}
