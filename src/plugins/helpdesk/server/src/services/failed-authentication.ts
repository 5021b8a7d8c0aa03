import type { Core } from '@strapi/strapi';
import { service } from './registry';

/** Where a credential was refused: the content API, the MCP endpoint, or the token endpoint. */
export type FailureChannel = 'rest' | 'mcp' | 'token';

const MINUTE_MS = 60_000;
/** How stale a row's count may be while failures keep coming. */
const UPDATE_EVERY_MS = 5_000;

interface SourceMinute {
  source: string;
  /** Start of the minute, on the help desk's clock. */
  start: number;
  count: number;
  channels: Record<FailureChannel, number>;
  /** The id of the minute's audit row, once its insert has finished. */
  row: Promise<number>;
  /** The count the row holds. */
  written: number;
  timer: NodeJS.Timeout | null;
  /** Updates of one row run one after another, so an older count never lands after a newer one. */
  writing: Promise<void>;
}

/**
 * Failed authentication, audited in aggregate (DESIGN §6): one row per source (client IP) and minute, written on the
 * minute's first failure so it shows at once, its count brought up to date at most every few seconds and when the
 * minute ends. A flood costs a bounded number of rows and writes, however many requests it sends.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const minutes = new Map<string, SourceMinute>();
  let lastSweep = 0;
  let closed = false;
  const now = () => service(strapi, 'clock').now().getTime();
  const audit = () => service(strapi, 'audit');

  const detailsOf = (m: SourceMinute) => ({
    source: m.source,
    count: m.count,
    channels: { ...m.channels },
    minute: new Date(m.start).toISOString(),
  });

  const writeCount = async (m: SourceMinute): Promise<void> => {
    if (m.count === m.written) return;
    const count = m.count;
    try {
      await audit().updateCounted(await m.row, detailsOf(m));
      m.written = count;
    } catch (error) {
      strapi.log.error(`helpdesk.audit failed-authentication count not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const write = (m: SourceMinute): Promise<void> => {
    if (m.timer) clearTimeout(m.timer);
    m.timer = null;
    m.writing = m.writing.then(() => writeCount(m));
    return m.writing;
  };

  const schedule = (m: SourceMinute): void => {
    if (m.timer || closed) return;
    const untilMinuteEnds = m.start + MINUTE_MS - now();
    m.timer = setTimeout(() => void write(m), Math.max(0, Math.min(UPDATE_EVERY_MS, untilMinuteEnds)));
    // A pending count must never keep the process (or a test run) alive: close() writes it on shutdown.
    m.timer.unref();
  };

  /** Forgets minutes that have ended and are written, so the map holds only the sources of the last minute or two. */
  const sweep = (at: number): void => {
    if (at - lastSweep < MINUTE_MS) return;
    lastSweep = at;
    for (const [key, m] of minutes) {
      if (at >= m.start + MINUTE_MS && !m.timer && m.count === m.written) minutes.delete(key);
    }
  };

  return {
    /** Counts one refused credential from `source`. Only a minute's first failure waits for a write. */
    async record(source: string, channel: FailureChannel): Promise<void> {
      const at = now();
      const start = at - (at % MINUTE_MS);
      const key = `${start}|${source}`;
      const existing = minutes.get(key);
      if (existing) {
        existing.count += 1;
        existing.channels[channel] += 1;
        schedule(existing);
        return;
      }
      sweep(at);
      const m: SourceMinute = {
        source,
        start,
        count: 1,
        channels: { rest: 0, mcp: 0, token: 0, [channel]: 1 },
        row: Promise.resolve(0),
        written: 1,
        timer: null,
        writing: Promise.resolve(),
      };
      m.row = audit().recordCounted(
        { action: 'auth.failed', outcome: 'refused', errorCode: 'unauthenticated', details: detailsOf(m) },
        channel === 'mcp' ? 'mcp' : 'rest',
      );
      minutes.set(key, m);
      try {
        await m.row;
      } catch (error) {
        // The next failure tries a row of its own.
        minutes.delete(key);
        throw error;
      }
    },

    /** Writes every pending count now. */
    async flush(): Promise<void> {
      await Promise.all([...minutes.values()].map(write));
    },

    /** On shutdown: no more timers, and the last counts written. */
    async close(): Promise<void> {
      closed = true;
      await this.flush();
    },
  };
};
