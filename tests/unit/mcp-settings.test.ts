import type { Core } from '@strapi/strapi';
import { readMcpSettings, originAllowed } from '../../src/plugins/helpdesk/server/src/mcp/settings';

/** Just enough of Strapi for the settings: the plugin config and server.mcp.enabled. */
const fakeStrapi = (mcpPath: string, strapiMcpEnabled = false) =>
  ({
    plugin: () => ({ config: (key: string) => ({ mcpPath, mcpBodyLimitBytes: 1000, publicUrl: 'https://help.example.com/' })[key] }),
    config: { get: (key: string, fallback: unknown) => (key === 'server.mcp.enabled' ? strapiMcpEnabled : fallback) },
  }) as unknown as Core.Strapi;

describe('MCP endpoint settings', () => {
  it('serves the configured path with and without its trailing slash, in any case', () => {
    const settings = readMcpSettings(fakeStrapi('/helpdesk/mcp/'));
    expect(settings.path).toBe('/helpdesk/mcp');
    expect(settings.metadataPath).toBe('/.well-known/oauth-protected-resource/helpdesk/mcp');
    expect(settings.publicUrl).toBe('https://help.example.com');
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
});
