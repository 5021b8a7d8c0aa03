import type { ApiKeyView } from '../../api/types';

export type KeyState = 'active' | 'revoked' | 'expired';

export const keyState = (key: ApiKeyView, now = Date.now()): KeyState =>
  key.revoked_at ? 'revoked' : key.expires_at && new Date(key.expires_at).getTime() <= now ? 'expired' : 'active';

/** The client configuration an MCP client (Claude, Cursor, …) takes: paste it, and the key works at once. */
export const mcpClientConfig = (mcpUrl: string, key: string): string =>
  JSON.stringify(
    { mcpServers: { helpdesk: { type: 'http', url: mcpUrl, headers: { Authorization: `Bearer ${key}` } } } },
    null,
    2,
  );

export const EXPIRY_CHOICES = [
  { value: 'never', label: 'Never', days: null },
  { value: '30', label: 'In 30 days', days: 30 },
  { value: '90', label: 'In 90 days', days: 90 },
  { value: '365', label: 'In a year', days: 365 },
] as const;

export const expiresAt = (choice: string, now = Date.now()): string | null => {
  const days = EXPIRY_CHOICES.find((c) => c.value === choice)?.days ?? null;
  return days === null ? null : new Date(now + days * 86_400_000).toISOString();
};
