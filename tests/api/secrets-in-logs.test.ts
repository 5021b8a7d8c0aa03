import { Writable } from 'stream';
import winston from 'winston';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount } from '../helpers/accounts';
import { request } from '../helpers/http';

describe('secrets never reach the logs', () => {
  let app: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    app = await startHelpdesk();
    // Everything Strapi and the plugin log, at the most talkative level, including each HTTP request line.
    app.strapi.log.level = 'silly';
    app.strapi.log.add(
      new winston.transports.Stream({
        level: 'silly',
        stream: new Writable({
          write(chunk: Buffer, _enc, done) {
            lines.push(chunk.toString());
            done();
          },
        }),
      }),
    );
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('logs a full key life cycle (create, use, token, revoke, failed use) without any key, token or password', async () => {
    const password = 'p4ssw0rd-that-must-not-leak';
    const staff = await createAccount(app.strapi, { email: 'logan@example.com', role: 'staff', password });
    const token = (
      await request(app.baseUrl, 'POST', '/api/auth/token', { form: { grant_type: 'password', username: staff.email, password } })
    ).body.access_token as string;
    const created = await request(app.baseUrl, 'POST', '/api/helpdesk/api-keys', { token, body: { name: 'Log test' } });
    const key = created.body.data.key as string;
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: key })).status).toBe(200);
    const keyToken = (
      await request(app.baseUrl, 'POST', '/api/auth/token', { form: { grant_type: 'client_credentials', client_secret: key } })
    ).body.access_token as string;
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: keyToken })).status).toBe(200);
    await request(app.baseUrl, 'POST', '/api/auth/token', { form: { grant_type: 'password', username: staff.email, password: `${password}-wrong` } });
    await request(app.baseUrl, 'DELETE', `/api/helpdesk/api-keys/${created.body.data.api_key.id}`, { token });
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: key })).status).toBe(401);
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: keyToken })).status).toBe(401);

    const log = lines.join('\n');
    // The capture is real: the audit lines of this life cycle are there.
    expect(log).toContain('key.create');
    expect(log).toContain('key.revoke');
    for (const secret of [key, key.slice(15), token, keyToken, password, token.split('.')[2] as string]) {
      expect(log).not.toContain(secret);
    }
  });
});
