import { service } from '../../src/plugins/helpdesk/server/src/services/registry';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/plugins/helpdesk/server/src/demo/data';
import type { DemoCounts } from '../../src/plugins/helpdesk/server/src/services/demo';
import { z } from 'zod';
import { defineCommand, type Command } from './command';

const table = (created: DemoCounts, totals: DemoCounts): string => {
  const rows = (Object.keys(totals) as Array<keyof DemoCounts>).map((key) => [key, String(created[key]), String(totals[key])]);
  const header = ['', 'added', 'in database'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
};

const accountsLine = (): string => {
  const byRole = (role: string) => DEMO_ACCOUNTS.filter((a) => a.role === role).map((a) => a.email);
  return [
    `Demo accounts (password "${DEMO_PASSWORD}"; for trying the help desk out only, never in production):`,
    `  Admin: ${byRole('admin').join(', ')}`,
    `  Staff: ${byRole('staff').join(', ')}`,
    `  User:  ${byRole('user').join(', ')}`,
  ].join('\n');
};

export const demoCommands: Command[] = [
  defineCommand({
    name: 'demo',
    summary: 'Load a demo help desk (groups, staff, users, categories, ~60 tickets); safe to run again',
    usage: '',
    options: {},
    input: z.strictObject({}),
    async run(strapi) {
      const { created, totals } = await service(strapi, 'demo').load();
      const added = Object.values(created).some((n) => n > 0);
      const headline = added
        ? `Loaded the demo help desk: ${created.tickets} tickets with ${created.replies} replies added.`
        : 'The demo help desk was already loaded; nothing was added.';
      return [headline, '', table(created, totals), '', accountsLine()].join('\n');
    },
  }),
];
