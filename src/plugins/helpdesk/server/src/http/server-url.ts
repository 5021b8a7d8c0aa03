import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';

/**
 * Where this server is, as configured or as bound, never as a request says: a Host (or X-Forwarded-Host) header is
 * whatever the client sent, and a URL built from it that reaches a cache or another client (the MCP metadata, its
 * WWW-Authenticate challenge, the MCP URL on the keys page) would send them to the attacker's host.
 */
export interface ServerUrl {
  /** The base URL without a trailing slash: PUBLIC_URL when set, else the address the server listens on. */
  base: string;
  /** The browser origins that are this server itself: PUBLIC_URL's, else those of the listening address. */
  origins: string[];
  /** True when `base` is PUBLIC_URL: only then may what carries it be cached publicly. */
  configured: boolean;
}

const WILDCARD = new Set(['0.0.0.0', '::']);

/** How browsers on this machine reach a listening address; a wildcard address is reached as localhost and 127.0.0.1. */
export const listeningOrigins = (address: Pick<AddressInfo, 'address' | 'port'>): string[] => {
  const { address: host, port } = address;
  const hosts = WILDCARD.has(host) ? ['localhost', '127.0.0.1'] : [host.includes(':') ? `[${host}]` : host];
  // Through URL, so the form is the one browsers send: no ":80".
  return hosts.map((name) => new URL(`http://${name}:${port}`).origin);
};

export const resolveServerUrl = (publicUrl: string, listening: string[]): ServerUrl => {
  const configured = publicUrl.replace(/\/+$/, '');
  if (configured) return { base: configured, origins: [new URL(configured).origin], configured: true };
  return { base: listening[0] as string, origins: listening, configured: false };
};

/** The server's URL for this app. Read per use: getsockname is cheap, and the server listens only after register(). */
export const serverUrl = (strapi: Core.Strapi): ServerUrl => {
  const bound = strapi.server.httpServer.address();
  // Not listening (yet), or on a pipe: the configured host and port are all there is to go by.
  const address =
    bound && typeof bound === 'object'
      ? bound
      : { address: strapi.config.get<string>('server.host', '0.0.0.0'), port: strapi.config.get<number>('server.port', 1337) };
  return resolveServerUrl(String(strapi.plugin('helpdesk').config('publicUrl') ?? ''), listeningOrigins(address));
};
