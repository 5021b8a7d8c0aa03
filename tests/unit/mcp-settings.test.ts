import type { Core } from '@strapi/strapi';
import { readMcpSettings, originAllowed } from '../../src/plugins/helpdesk/server/src/mcp/settings';
import { listeningOrigins, resolveServerUrl } from '../../src/plugins/helpdesk/server/src/http/server-url';

/** Just enough of Strapi for the settings: the plugin config and server.mcp.enabled. */
const fakeStrapi = (mcpPath: string, strapiMcpEnabled = false) =>
  ({
    plugin: () => ({ config: (key: string) => ({ mcpPath, mcpBodyLimitBytes: 1000 })[key] }),
    config: { get: (key: string, fallback: unknown) => (key === 'server.mcp.enabled' ? strapiMcpEnabled : fallback) },
  }) as unknown as Core.Strapi;

describe('MCP endpoint settings', () => {
  it('serves the configured path with and without its trailing slash, in any case', () => {
    const settings = readMcpSettings(fakeStrapi('/helpdesk/mcp/'));
    expect(settings.path).toBe('/helpdesk/mcp');
    expect(settings.metadataPath).toBe('/.well-known/oauth-protected-resource/helpdesk/mcp');
    for (const p of ['/helpdesk/mcp', '/helpdesk/mcp/', '/HelpDesk/MCP']) expect([p, settings.matches(p)]).toEqual([p, true]);
    for (const p of ['/helpdesk', '/helpdesk/mcp/x', '/mcp']) expect([p, settings.matches(p)]).toEqual([p, false]);
  });

  it("refuses to start on Strapi's own MCP path while Strapi's MCP server is on, saying how to fix it", () => {
    expect(() => readMcpSettings(fakeStrapi('/mcp', true))).toThrow(/server\.mcp\.enabled.*HELPDESK_MCP_PATH/s);
    expect(() => readMcpSettings(fakeStrapi('/mcp/', true))).toThrow(/enabled: false/);
    expect(readMcpSettings(fakeStrapi('/helpdesk/mcp', true)).path).toBe('/helpdesk/mcp');
    expect(readMcpSettings(fakeStrapi('/mcp', false)).path).toBe('/mcp');
  });

  it('refuses the root path, which would shadow every other route', () => {
    expect(() => readMcpSettings(fakeStrapi('/'))).toThrow(/cannot be "\/"/);
  });

  it('matches Origins exactly (a trailing slash in the list is ignored), or any with "*"', () => {
    expect(originAllowed(['https://a.example/'], 'https://a.example')).toBe(true);
    expect(originAllowed(['https://a.example'], 'https://a.example.evil.com')).toBe(false);
    expect(originAllowed(['https://a.example'], 'http://a.example')).toBe(false);
    expect(originAllowed([], 'https://a.example')).toBe(false);
    expect(originAllowed(['*'], 'null')).toBe(true);
  });

  it("takes the server's own URL and origins from PUBLIC_URL, else from the address it listens on", () => {
    expect(resolveServerUrl('https://help.example.com/desk/', ['http://127.0.0.1:1337'])).toEqual({
      base: 'https://help.example.com/desk',
      origins: ['https://help.example.com'],
      configured: true,
    });
    expect(resolveServerUrl('', listeningOrigins({ address: '0.0.0.0', port: 1337 }))).toEqual({
      base: 'http://localhost:1337',
      origins: ['http://localhost:1337', 'http://127.0.0.1:1337'],
      configured: false,
    });
    expect(listeningOrigins({ address: '::', port: 8080 })).toEqual(['http://localhost:8080', 'http://127.0.0.1:8080']);
    expect(listeningOrigins({ address: '10.0.0.5', port: 80 })).toEqual(['http://10.0.0.5']);
    expect(listeningOrigins({ address: '::1', port: 1337 })).toEqual(['http://[::1]:1337']);
  });
});
