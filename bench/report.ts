import type { Measurement } from './load';

export type RowGroup = 'help desk MCP' | 'help desk REST' | 'peer' | 'floor';

export interface RowResult {
  id: string;
  group: RowGroup;
  label: string;
  /** What one probe response held before the load (e.g. "20 tickets"), so a fast row can never be a fast error. */
  check: string;
  results: Measurement[];
}

export interface Ratio {
  label: string;
  connections: number;
  value: number | null;
  target?: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: { node: string; cpus: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  database: { client: string; label: string; tickets: number; replies: number; seeded: boolean; seedSeconds: number | null };
  duration: number;
  warmup: number;
  connections: number[];
  rows: RowResult[];
  ratios: Ratio[];
  rssMb: { helpdesk: number | null; peers: number | null };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (n: number) => (n >= 100 ? fmt(n) : fmt(n, 1));

export const at = (row: RowResult | undefined, connections: number): Measurement | undefined =>
  row?.results.find((r) => r.connections === connections);

/** The ratios the issue asks about: help desk ÷ each peer, and help desk ÷ floor, at every concurrency. */
export const computeRatios = (rows: RowResult[], connections: number[]): Ratio[] => {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pairs: Array<[label: string, a: string, b: string, target?: string]> = [
    ['MCP list_tickets (staff) ÷ stock content API list', 'mcp-list-staff', 'stock-list', '≥ 3× (at least 2×)'],
    ['MCP list_tickets (staff) ÷ Strapi MCP list', 'mcp-list-staff', 'strapi-mcp-list', '≥ 20×'],
    ['MCP get_ticket ÷ stock content API findOne', 'mcp-get', 'stock-get', '≥ 3×'],
    ['REST list (staff) ÷ stock content API list', 'rest-list-staff', 'stock-list'],
    ['REST get ÷ stock content API findOne', 'rest-get', 'stock-get'],
    ['MCP list_tickets (staff) ÷ framework floor', 'mcp-list-staff', 'floor-health'],
    ['MCP list_tickets (staff) ÷ page query on the database', 'mcp-list-staff', 'floor-query'],
    ['REST list (staff) ÷ page query on the database', 'rest-list-staff', 'floor-query'],
    ['MCP list_tickets q (staff) ÷ MCP list_tickets (staff)', 'mcp-list-q', 'mcp-list-staff', '≥ 0.5'],
    ['MCP list_tickets q (user) ÷ MCP list_tickets (staff)', 'mcp-list-q-user', 'mcp-list-staff'],
    ['MCP list_tickets q (admin) ÷ MCP list_tickets (staff)', 'mcp-list-q-admin', 'mcp-list-staff'],
    ['MCP search_tickets (staff) ÷ MCP list_tickets (staff)', 'mcp-search-staff', 'mcp-list-staff', '≥ 0.5'],
    ['MCP search_tickets (user) ÷ MCP list_tickets (staff)', 'mcp-search-user', 'mcp-list-staff'],
    ['MCP search_tickets (admin) ÷ MCP list_tickets (staff)', 'mcp-search-admin', 'mcp-list-staff'],
    ['MCP search_tickets common word (staff) ÷ MCP list_tickets (staff)', 'mcp-search-staff-common', 'mcp-list-staff'],
    ['MCP search_tickets two common words (staff) ÷ MCP list_tickets (staff)', 'mcp-search-staff-thread', 'mcp-list-staff'],
  ];
  const ratios: Ratio[] = [];
  for (const [label, a, b, target] of pairs) {
    for (const c of connections) {
      const x = at(byId.get(a), c);
      const y = at(byId.get(b), c);
      ratios.push({ label, connections: c, value: x && y && y.rps > 0 ? x.rps / y.rps : null, ...(target ? { target } : {}) });
    }
  }
  return ratios;
};

/** The one table: every row at every concurrency, then the ratios. */
export const formatTable = (report: BenchReport): string => {
  const header = ['row', ...report.connections.flatMap((c) => [`c${c} req/s`, `c${c} p50`, `c${c} p99`]), 'err', 'non2xx', 'check'];
  const lines: string[][] = [header];
  let group: string | null = null;
  for (const row of report.rows) {
    if (row.group !== group) {
      group = row.group;
      lines.push([`— ${group}`]);
    }
    const cells = report.connections.flatMap((c) => {
      const m = at(row, c);
      return m ? [fmt(m.rps, m.rps < 10 ? 1 : 0), ms(m.p50), ms(m.p99)] : ['–', '–', '–'];
    });
    const errors = row.results.reduce((sum, m) => sum + m.errors, 0);
    const non2xx = row.results.reduce((sum, m) => sum + m.non2xx, 0);
    lines.push([row.label, ...cells, String(errors), String(non2xx), row.check]);
  }
  const widths = header.map((_, i) => Math.max(...lines.filter((l) => l.length > 1).map((l) => (l[i] ?? '').length)));
  const render = (l: string[]) =>
    l.length === 1 ? l[0] as string : l.map((cell, i) => (i === 0 || i === l.length - 1 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ');
  const out = lines.map(render);
  out.push('', 'ratios (throughput, same run)');
  const labelWidth = Math.max(0, ...report.ratios.map((r) => r.label.length));
  for (const r of report.ratios.filter((x) => x.value !== null)) {
    out.push(`  ${r.label.padEnd(labelWidth)}  c${String(r.connections).padEnd(3)} ${r.value === null ? '–' : `${fmt(r.value, r.value < 1 ? 2 : 1)}×`.padStart(8)}${r.target ? `   target ${r.target}` : ''}`);
  }
  out.push(
    '',
    `server RSS after the run: help desk ${report.rssMb.helpdesk ?? '?'} MB, peers ${report.rssMb.peers ?? '?'} MB`,
    `${report.database.tickets.toLocaleString('en-US')} tickets, ${report.database.replies.toLocaleString('en-US')} replies, ${report.database.label}; ` +
      `${report.duration} s per row after a ${report.warmup} s warm-up; node ${report.machine.node}, ${report.machine.cpus} cores, ` +
      `load average ${report.machine.loadAverageAtStart.map((n) => n.toFixed(1)).join(' ')} at start`,
  );
  return out.join('\n');
};

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Horizontal bars of req/s per row and concurrency, on a log scale (the rows span four orders of magnitude). */
export const renderSvg = (report: BenchReport): string => {
  const colors = ['#7aa6d8', '#1f5fa8', '#9bd29b', '#2f8a2f'];
  const groupColor: Record<RowGroup, number> = { 'help desk MCP': 1, 'help desk REST': 1, peer: 0, floor: 0 };
  const left = 330;
  const width = 980;
  const barHeight = 11;
  const rowHeight = barHeight * report.connections.length + 10;
  const top = 60;
  const max = Math.max(10, ...report.rows.flatMap((r) => r.results.map((m) => m.rps)));
  const decades = Math.ceil(Math.log10(max));
  const scale = (v: number) => (v <= 1 ? 0 : (Math.log10(v) / decades) * (width - left - 90));
  const height = top + report.rows.length * rowHeight + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">Open Help Desk benchmark: requests per second (log scale)</text>`,
    `<text x="10" y="38">${escapeXml(`${report.database.tickets.toLocaleString('en-US')} tickets, ${report.database.client}; ${report.duration} s per row; ${report.finishedAt}`)}</text>`,
  ];
  for (let d = 0; d <= decades; d += 1) {
    const x = left + scale(10 ** d);
    parts.push(`<line x1="${x}" y1="${top - 8}" x2="${x}" y2="${height - 30}" stroke="#ddd"/>`);
    parts.push(`<text x="${x}" y="${top - 12}" text-anchor="middle" fill="#666">${fmt(10 ** d)}</text>`);
  }
  report.rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    parts.push(`<text x="${left - 8}" y="${y + rowHeight / 2}" text-anchor="end">${escapeXml(row.label)}</text>`);
    report.connections.forEach((c, j) => {
      const m = at(row, c);
      if (!m) return;
      const color = colors[(groupColor[row.group] * 2 + (j > 0 ? 1 : 0)) % colors.length];
      const by = y + j * barHeight;
      parts.push(`<rect x="${left}" y="${by}" width="${Math.max(1, scale(m.rps))}" height="${barHeight - 2}" fill="${color}"/>`);
      parts.push(`<text x="${left + scale(m.rps) + 4}" y="${by + barHeight - 3}" fill="#333">c${c}: ${fmt(m.rps)}/s, p99 ${ms(m.p99)} ms</text>`);
    });
  });
  parts.push(`<text x="10" y="${height - 10}" fill="#666">green: help desk; blue: peers and floors; light: concurrency ${report.connections[0]}, dark: concurrency ${report.connections[report.connections.length - 1]}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
};
