import { startHelpdesk, type TestApp } from '../helpers/strapi';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('foundation', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startHelpdesk();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('seeds the five default statuses with New as the default', async () => {
    const statuses = await app.strapi.documents('plugin::helpdesk.status').findMany({ sort: 'sort_order:asc' });
    expect(statuses.map((s) => [s.name, s.kind, s.is_default])).toEqual([
      ['New', 'new', true],
      ['In Progress', 'open', false],
      ['Waiting on Customer', 'pending', false],
      ['Resolved', 'resolved', false],
      ['Closed', 'closed', false],
    ]);
    for (const s of statuses) expect(s.documentId).toMatch(ULID);
  });
});
