import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';
import path from 'path';
import { Client } from 'pg';
import { pgAdminConnection } from '../../bench/database';
import type { TestDatabase } from '../helpers/database';
import { isCommonTerm, likePattern, TICKET_TEXT_TABLE } from '../../src/plugins/helpdesk/server/src/database/ticket-text-index';
import { ticketTables } from '../../src/plugins/helpdesk/server/src/database/ticket-tables';

type Services = { service(name: string): any };
type HelpdeskTransaction = typeof import('../../src/plugins/helpdesk/server/src/write-path/permit').helpdeskTransaction;

/** The write permit of the compiled plugin Strapi runs (the TypeScript source would be another module instance). */
const { helpdeskTransaction } = require(path.join(__dirname, '..', '..', 'dist', 'src', 'plugins', 'helpdesk', 'server', 'src', 'write-path', 'permit.js')) as {
  helpdeskTransaction: HelpdeskTransaction;
};

/**
 * `q` is served by a text index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL) and must mean exactly what the
 * literal scan meant: text in the subject or in the description (never across the two, never in a reply),
 * case-insensitive, `%` `_` `\` and quotes literal, the caller's scope, newest activity first, cursors.
 */
const CORPUS: Array<[subject: string, description: string]> = [
  ['VPN drops every hour', 'Kerberos ticket expired at login'],
  ['Printer jam', 'Paper stuck in tray 2'],
  ['100% CPU on the build box', 'load_avg is high; logs in C:\\temp\\build'],
  ['Quote "here" breaks the form', "O'Brien can't log in"],
  ['Café menu is wrong', 'Élan vital; ÉCOLE normale'],
  ['Mixed CaSe Subject', 'MiXeD description'],
  ['alpha', 'beta'],
  ['ab', 'xy'],
  ['snake_case names', '50%off and 5_0 offers'],
  ['Zebra crossing sign', 'Reported by the caretaker'],
];

const client = process.env.DATABASE_CLIENT === 'postgres' ? 'postgres' : 'sqlite';

/**
 * Term → subjects it finds. Where the databases differ it is because their LOWER() differ: SQLite folds ASCII
 * only (so "élan" does not find "Élan"), PostgreSQL folds by the database's locale. The index changes neither.
 */
const EXPECTED: Array<[term: string, subjects: string[] | { sqlite: string[]; postgres: string[] }]> = [
  ['kerberos', ['VPN drops every hour']],
  ['KERBEROS', ['VPN drops every hour']],
  ['vpn drops', ['VPN drops every hour']],
  ['mixed case', ['Mixed CaSe Subject']],
  ['mixed description', ['Mixed CaSe Subject']],
  ['100%', ['100% CPU on the build box']],
  ['%', ['100% CPU on the build box', 'snake_case names']],
  ['0%o', ['snake_case names']],
  ['_', ['100% CPU on the build box', 'snake_case names']],
  ['e_c', ['snake_case names']],
  ['5_0', ['snake_case names']],
  ['c:\\temp', ['100% CPU on the build box']],
  ['\\', ['100% CPU on the build box']],
  ['"here"', ['Quote "here" breaks the form']],
  ['"', ['Quote "here" breaks the form']],
  ["o'brien", ['Quote "here" breaks the form']],
  ["'", ['Quote "here" breaks the form']],
  ['café', ['Café menu is wrong']],
  ['CAFÉ', ['Café menu is wrong']],
  ['cafe', []],
  ['élan', { sqlite: [], postgres: ['Café menu is wrong'] }],
  ['Élan', { sqlite: [], postgres: ['Café menu is wrong'] }],
  ['école', { sqlite: [], postgres: ['Café menu is wrong'] }],
  ['ecole', []],
  ['ab', ['ab']],
  ['xy', ['ab']],
  ['a', CORPUS.filter(([s, d]) => /a/i.test(s) || /a/i.test(d)).map(([s]) => s)],
  // A term spanning the end of the subject and the start of the description finds nothing: two fields.
  ['alpha beta', []],
  ['hab', []],
  ['alpha', ['alpha']],
  // Only in a reply: q does not read the thread.
  ['giraffe', []],
  ['nothing like this', []],
];

describe('q on the ticket list, served by the text index', () => {
  let app: TestApp;
  let plugin: Services;
  let actors: { user: Actor; other: Actor; staff: Actor; outsider: Actor; admin: Actor };
  let keys: { admin: string };
  let categoryId: string;

  const list = async (actor: Actor, q: string, extra: Record<string, unknown> = {}) =>
    plugin.service('tickets').list(actor, { q, limit: 100, ...extra }) as Promise<{ tickets: Array<{ id: string; subject: string }>; next_cursor: string | null }>;
  const subjectsFor = async (actor: Actor, q: string) => (await list(actor, q)).tickets.map((t) => t.subject).sort();
  /** The literal scan `q` was before the index: LIKE on the lowered subject or description, over every ticket. */
  const literalScan = async (q: string): Promise<string[]> => {
    const t = ticketTables(app.strapi).tickets;
    const pattern = likePattern(q);
    const rows = (await app.strapi.db
      .connection(t)
      .select('subject')
      .whereRaw(`LOWER(subject) LIKE ? ESCAPE '\\'`, [pattern])
      .orWhereRaw(`LOWER(description) LIKE ? ESCAPE '\\'`, [pattern])) as Array<{ subject: string }>;
    return rows.map((r) => r.subject).sort();
  };
  const create = async (actor: Actor, subject: string, description: string) =>
    (await plugin.service('tickets').create(actor, { subject, description, category_id: categoryId, priority: 'Medium' })) as { id: string };

  beforeAll(async () => {
    app = await startHelpdesk();
    plugin = app.strapi.plugin('helpdesk') as unknown as Services;
    const account = (email: string, role: 'user' | 'staff' | 'admin') => createAccount(app.strapi, { email, role });
    const accounts: Record<keyof typeof actors, TestAccount> = {
      user: await account('ursula@example.com', 'user'),
      other: await account('oscar@example.com', 'user'),
      staff: await account('stella@example.com', 'staff'),
      outsider: await account('otto@example.com', 'staff'),
      admin: await account('adam@example.com', 'admin'),
    };
    const group = await createGroup(app.strapi, 'Network team', [accounts.staff]);
    await createGroup(app.strapi, 'Elsewhere', [accounts.outsider]);
    const category = await app.strapi
      .documents('plugin::helpdesk.category')
      .create({ data: { name: 'Network', default_group: { connect: [{ documentId: group.documentId }] } } as never });
    categoryId = category.documentId;
    const actorFor = (a: TestAccount) =>
      plugin.service('actors').actorFor({ id: a.id }, { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false }) as Promise<Actor>;
    actors = {
      user: await actorFor(accounts.user),
      other: await actorFor(accounts.other),
      staff: await actorFor(accounts.staff),
      outsider: await actorFor(accounts.outsider),
      admin: await actorFor(accounts.admin),
    };
    keys = { admin: (await plugin.service('credentials').createKey(actors.admin, { name: 'tests', read_only: true })).key as string };
    for (const [subject, description] of CORPUS) await create(actors.user, subject, description);
    const zebra = (await list(actors.admin, 'zebra crossing')).tickets[0]!;
    await plugin.service('replies').reply(actors.staff, zebra.id, { body: 'A giraffe was seen nearby', is_internal: false });
    await plugin.service('replies').reply(actors.staff, zebra.id, { body: 'giraffe again, internally', is_internal: true });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  test.each(EXPECTED)('q=%j finds what the literal scan finds', async (term, expected) => {
    const subjects = Array.isArray(expected) ? expected : expected[client];
    const found = await subjectsFor(actors.admin, term);
    expect(found).toEqual([...subjects].sort());
    expect(found).toEqual(await literalScan(term));
  });

  test('the caller scope still applies: a user finds their own tickets only, staff outside the group none', async () => {
    await create(actors.other, 'Kerberos again', 'Another user has the kerberos problem too');
    expect(await subjectsFor(actors.admin, 'kerberos')).toEqual(['Kerberos again', 'VPN drops every hour']);
    expect(await subjectsFor(actors.user, 'kerberos')).toEqual(['VPN drops every hour']);
    expect(await subjectsFor(actors.other, 'kerberos')).toEqual(['Kerberos again']);
    expect(await subjectsFor(actors.staff, 'kerberos')).toEqual(['Kerberos again', 'VPN drops every hour']);
    expect(await subjectsFor(actors.outsider, 'kerberos')).toEqual([]);
  });

  test.each(['e', 'the'])('q=%j: newest activity first, page by page with the cursor', async (term) => {
    const all = (await list(actors.admin, term)).tickets.map((t) => t.id);
    expect(all.length).toBeGreaterThan(2);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(actors.admin, term, { limit: 1, ...(cursor ? { cursor } : {}) });
      paged.push(...page.tickets.map((t) => t.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  test('a NUL in q is refused as a validation error, over REST', async () => {
    const res = await request(app.baseUrl, 'GET', `/api/helpdesk/tickets?q=${encodeURIComponent('ker\u0000beros')}`, { token: keys.admin });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_error');
    const ok = await request(app.baseUrl, 'GET', `/api/helpdesk/tickets?q=${encodeURIComponent('100%')}`, { token: keys.admin });
    expect(ok.status).toBe(200);
    expect(ok.body.data.map((t: { subject: string }) => t.subject)).toEqual(['100% CPU on the build box']);
  });

  test('the index follows create, edit and delete in the same transaction', async () => {
    const created = await create(actors.user, 'Wombat in the server room', 'Seen near rack 4');
    expect(await subjectsFor(actors.admin, 'wombat')).toEqual(['Wombat in the server room']);
    const { strapi } = app;
    // No service edits or deletes a ticket today; these are the writes one would make, under the write permit.
    await helpdeskTransaction(strapi, async () => {
      await strapi.db.query('plugin::helpdesk.ticket').update({ where: { documentId: created.id }, data: { subject: 'Platypus in the server room' } });
    });
    expect(await subjectsFor(actors.admin, 'wombat')).toEqual([]);
    expect(await subjectsFor(actors.admin, 'platypus')).toEqual(['Platypus in the server room']);
    expect(await subjectsFor(actors.admin, 'rack 4')).toEqual(['Platypus in the server room']);
    // A rolled-back edit leaves the index as it was.
    await expect(
      helpdeskTransaction(strapi, async () => {
        await strapi.db.query('plugin::helpdesk.ticket').update({ where: { documentId: created.id }, data: { description: 'Echidna' } });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await subjectsFor(actors.admin, 'echidna')).toEqual([]);
    expect(await subjectsFor(actors.admin, 'rack 4')).toEqual(['Platypus in the server room']);
    // The Content Manager (the document service) cannot write tickets at all.
    await expect(
      strapi.documents('plugin::helpdesk.ticket').update({ documentId: created.id, data: { subject: 'Koala' } as never }),
    ).rejects.toThrow();
    expect(await subjectsFor(actors.admin, 'koala')).toEqual([]);
    await helpdeskTransaction(strapi, async () => {
      await strapi.db.query('plugin::helpdesk.ticket').delete({ where: { documentId: created.id } });
    });
    expect(await subjectsFor(actors.admin, 'platypus')).toEqual([]);
    expect(await literalScan('platypus')).toEqual([]);
  });

  test('a term in very many tickets pages the same, whichever way it is served', async () => {
    for (let i = 0; i < 210; i += 1) await create(actors.user, `Toner low on printer ${i}`, 'Bulk');
    // SQLite walks the newest tickets for a term this common (see isCommonTerm); PostgreSQL always uses its index.
    expect(await isCommonTerm(app.strapi, 'printer')).toBe(client === 'sqlite');
    expect(await isCommonTerm(app.strapi, 'kerberos')).toBe(false);
    expect(await isCommonTerm(app.strapi, 'pr')).toBe(false);
    const first = (await list(actors.admin, 'PRINTER', { limit: 20 })).tickets.map((t) => t.subject);
    expect(first).toEqual(Array.from({ length: 20 }, (_, i) => `Toner low on printer ${209 - i}`));
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(actors.admin, 'printer', { limit: 100, ...(cursor ? { cursor } : {}) });
      paged.push(...page.tickets.map((t) => t.subject));
      cursor = page.next_cursor;
    } while (cursor);
    expect(paged.sort()).toEqual(await literalScan('printer'));
    expect(paged).toHaveLength(211);
  }, 60_000);

  if (client === 'sqlite') {
    test('SQLite: the index has one row per ticket, and a restart fills it again when it is out of step', async () => {
      const t = ticketTables(app.strapi).tickets;
      const counts = async () => {
        const [row] = (await app.strapi.db.connection.raw(`SELECT (SELECT count(*) FROM ??) AS tickets, (SELECT count(*) FROM ??) AS indexed`, [
          t,
          `${TICKET_TEXT_TABLE}_docsize`,
        ])) as Array<{ tickets: number; indexed: number }>;
        return row;
      };
      const before = await counts();
      expect(before?.indexed).toBe(before?.tickets);
      // As if the rows had been written before the index existed.
      await app.strapi.db.connection.raw(`INSERT INTO ?? (??) VALUES ('delete-all')`, [TICKET_TEXT_TABLE, TICKET_TEXT_TABLE]);
      // A setting kept in the index's own tables: still there after the restart if Strapi left the table alone.
      await app.strapi.db.connection.raw(`INSERT INTO ?? (??, rank) VALUES ('automerge', 6)`, [TICKET_TEXT_TABLE, TICKET_TEXT_TABLE]);
      expect(await subjectsFor(actors.admin, 'kerberos')).toEqual([]);
      await app.stop({ drop: false });
      app = await startHelpdesk({ database: app.database });
      plugin = app.strapi.plugin('helpdesk') as unknown as Services;
      expect(await counts()).toEqual(before);
      expect(await subjectsFor(actors.admin, 'kerberos')).toEqual(['Kerberos again', 'VPN drops every hour']);
      const kept = (await app.strapi.db.connection.raw(`SELECT v FROM ?? WHERE k = 'automerge'`, [`${TICKET_TEXT_TABLE}_config`])) as Array<{ v: number }>;
      expect(kept).toEqual([{ v: 6 }]);
    });
  } else {
    test('PostgreSQL: the trigram indexes exist after start-up, and a restart keeps them', async () => {
      const indexes = async () =>
        ((await app.strapi.db.connection.raw(`SELECT indexname FROM pg_indexes WHERE indexname LIKE 'helpdesk_tickets_%_trgm_idx' ORDER BY 1`)) as {
          rows: Array<{ indexname: string }>;
        }).rows.map((r) => r.indexname);
      expect(await indexes()).toEqual(['helpdesk_tickets_description_trgm_idx', 'helpdesk_tickets_subject_trgm_idx']);
      await app.stop({ drop: false });
      app = await startHelpdesk({ database: app.database });
      plugin = app.strapi.plugin('helpdesk') as unknown as Services;
      expect(await indexes()).toEqual(['helpdesk_tickets_description_trgm_idx', 'helpdesk_tickets_subject_trgm_idx']);
      expect(await subjectsFor(actors.admin, 'kerberos')).toEqual(['Kerberos again', 'VPN drops every hour']);
    });
  }
});

if (client === 'postgres') {
  describe('PostgreSQL where the role may not create pg_trgm', () => {
    const suffix = `${process.pid}_${Date.now().toString(36)}`;
    const role = `helpdesk_noext_${suffix}`;
    const name = `helpdesk_test_noext_${suffix}`;
    // Taken before the app starts: starting it points DATABASE_USERNAME at the limited role.
    const adminConnection = pgAdminConnection();
    const asAdmin = async (database: string, statements: string[]) => {
      const admin = new Client({ ...adminConnection, database });
      await admin.connect();
      try {
        for (const sql of statements) await admin.query(sql);
      } finally {
        await admin.end();
      }
    };
    let app: TestApp | undefined;

    afterAll(async () => {
      await app?.stop();
    });

    test('starts all the same, and q finds the same tickets by scanning', async () => {
      // May create tables in the schema, but not extensions: no CREATE on the database.
      await asAdmin(adminConnection.database, [`CREATE ROLE "${role}" LOGIN`, `CREATE DATABASE "${name}"`]);
      await asAdmin(name, [`GRANT CREATE, USAGE ON SCHEMA public TO "${role}"`]);
      const conn = adminConnection;
      const database: TestDatabase = {
        env: {
          DATABASE_CLIENT: 'postgres',
          DATABASE_HOST: conn.host,
          DATABASE_PORT: String(conn.port),
          DATABASE_USERNAME: role,
          DATABASE_PASSWORD: conn.password,
          DATABASE_NAME: name,
        },
        drop: () => asAdmin(adminConnection.database, [`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `DROP ROLE IF EXISTS "${role}"`]),
      };
      app = await startHelpdesk({ database });
      const { strapi } = app;
      const extensions = (await strapi.db.connection.raw(`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`)) as { rows: unknown[] };
      expect(extensions.rows).toEqual([]);
      const services = strapi.plugin('helpdesk') as unknown as Services;
      const admin = await createAccount(strapi, { email: 'ada@example.com', role: 'admin' });
      const actor = (await services
        .service('actors')
        .actorFor({ id: admin.id }, { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false })) as Actor;
      const category = await strapi.documents('plugin::helpdesk.category').create({ data: { name: 'Network' } as never });
      await services.service('tickets').create(actor, { subject: 'Kerberos 100% down', description: 'since noon', category_id: category.documentId, priority: 'Low' });
      const found = async (q: string) =>
        ((await services.service('tickets').list(actor, { q, limit: 20 })) as { tickets: Array<{ subject: string }> }).tickets.map((t) => t.subject);
      expect(await found('kerberos')).toEqual(['Kerberos 100% down']);
      expect(await found('0% d')).toEqual(['Kerberos 100% down']);
      expect(await found('0_ d')).toEqual([]);
    }, 120_000);
  });
}
