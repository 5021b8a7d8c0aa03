import type { Core } from '@strapi/strapi';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { UID } from '../uids';
import { asHelpdesk } from '../write-path/permit';

interface RecordRow {
  id: number;
  payload: AdapterPayload | null;
  expires_at: string | Date | null;
  consumed_at: string | Date | null;
}

const SELECT = ['id', 'payload', 'expires_at', 'consumed_at'];
// Expired rows are swept now and then on write, so the table holds live state only, with no scheduler to run.
const SWEEP_EVERY_WRITES = 200;

/**
 * What to do when a code or refresh token is presented twice at once and this request lost the race to consume it:
 * end the grant, as oidc-provider does when it sees the second use after the first, and return the error to answer.
 */
export type ReplayHandler = (model: string, grantId: string | null) => Promise<Error>;

/**
 * oidc-provider's storage, in the help desk's own database (one table for every model: codes, tokens, grants,
 * registered clients, sign-in sessions, interactions), so every instance behind a load balancer sees the same
 * state. Each model instance is created by the provider as `new Adapter(modelName)`.
 */
export const storageAdapter = (strapi: Core.Strapi, replayed: ReplayHandler) => {
  const records = () => strapi.db.query(UID.oauthRecord);
  let writes = 0;

  const sweepNowAndThen = async (): Promise<void> => {
    writes += 1;
    if (writes % SWEEP_EVERY_WRITES !== 0) return;
    await asHelpdesk(() => records().deleteMany({ where: { expires_at: { $lt: new Date() } } }));
  };

  const live = (row: RecordRow | null): AdapterPayload | undefined => {
    if (!row?.payload) return undefined;
    if (row.expires_at && new Date(row.expires_at).getTime() <= Date.now()) return undefined;
    return row.consumed_at ? { ...row.payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) } : row.payload;
  };

  return class HelpdeskOAuthStorage implements Adapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const data = {
        model: this.model,
        payload,
        // A grant's own row carries its id too, so ending a grant deletes the grant with everything it issued.
        grant_id: this.model === 'Grant' ? id : (payload.grantId ?? null),
        uid: payload.uid ?? null,
        expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      };
      const recordKey = this.key(id);
      await asHelpdesk(async () => {
        const existing = (await records().findOne({ where: { record_key: recordKey }, select: ['id'] })) as { id: number } | null;
        if (existing) await records().update({ where: { id: existing.id }, data });
        else await records().create({ data: { ...data, record_key: recordKey } });
      });
      await sweepNowAndThen();
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return live((await records().findOne({ where: { record_key: this.key(id) }, select: SELECT })) as RecordRow | null);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return live((await records().findOne({ where: { model: this.model, uid }, select: SELECT })) as RecordRow | null);
    }

    // The device flow is not offered, so no record ever has a user code.
    async findByUserCode(): Promise<undefined> {
      return undefined;
    }

    /**
     * oidc-provider reads a code or refresh token, checks it is unused, then consumes it: two requests presenting it
     * at once both pass the check (PostgreSQL served three token sets for one code, and three rotations of one
     * refresh token, before this). One conditional UPDATE decides: exactly one request consumes it; the others are
     * a reuse, which ends the grant.
     */
    async consume(id: string): Promise<void> {
      const recordKey = this.key(id);
      const { count } = (await asHelpdesk(() =>
        records().updateMany({ where: { record_key: recordKey, consumed_at: null }, data: { consumed_at: new Date() } }),
      )) as { count: number };
      if (count > 0) return;
      const row = (await records().findOne({ where: { record_key: recordKey }, select: ['grant_id'] })) as { grant_id: string | null } | null;
      throw await replayed(this.model, row?.grant_id ?? null);
    }

    async destroy(id: string): Promise<void> {
      await asHelpdesk(() => records().delete({ where: { record_key: this.key(id) } }));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await asHelpdesk(() => records().deleteMany({ where: { grant_id: grantId } }));
    }
  };
};

/** Ends everything a grant issued (its codes, access and refresh tokens, and the grant itself), on every instance at once. */
export const deleteGrantRecords = (strapi: Core.Strapi, grantId: string): Promise<unknown> =>
  asHelpdesk(() => strapi.db.query(UID.oauthRecord).deleteMany({ where: { grant_id: grantId } }));
