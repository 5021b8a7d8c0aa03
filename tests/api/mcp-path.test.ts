import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount } from '../helpers/accounts';
import { request } from '../helpers/http';
import { connectClient, createKey, initializeMessage, rawMcp } from './mcp-support';

describe('MCP on a configured path (HELPDESK_MCP_PATH)', () => {
  let app: TestApp;
  let key: string;
  const previous = process.env.HELPDESK_MCP_PATH;

  beforeAll(async () => {
    process.env.HELPDESK_MCP_PATH = '/helpdesk/mcp';
    app = await startHelpdesk();
    key = await createKey(app, await createAccount(app.strapi, { email: 'pat.path@example.com', role: 'user' }));
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.HELPDESK_MCP_PATH;
    else process.env.HELPDESK_MCP_PATH = previous;
    await app?.stop();
  });

  it('serves MCP there, with and without the trailing slash, and no longer at /mcp', async () => {
    for (const path of ['/helpdesk/mcp', '/helpdesk/mcp/']) {
      expect((await rawMcp(app, initializeMessage(), { credential: key, path })).status).toBe(200);
    }
    // Nothing answers MCP at the old path (Strapi's router says 404 or, for its catch-all GET routes, 405).
    const old = await rawMcp(app, initializeMessage(), { credential: key, path: '/mcp/' });
    expect([404, 405]).toContain(old.status);
    expect(old.text).not.toMatch(/jsonrpc/);
    const client = await connectClient(app, key, '/helpdesk/mcp/');
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('whoami');
    await client.close();
  });

  it('moves the metadata document and the challenge that points at it', async () => {
    const metadata = await request(app.baseUrl, 'GET', '/.well-known/oauth-protected-resource/helpdesk/mcp');
    expect(metadata.body.resource).toBe(`${app.baseUrl}/helpdesk/mcp`);
    const refused = await rawMcp(app, initializeMessage(), { path: '/helpdesk/mcp/' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${app.baseUrl}/.well-known/oauth-protected-resource/helpdesk/mcp"`,
    );
    expect(refused.body.error.message).not.toMatch(/cookies/);
  });
});
