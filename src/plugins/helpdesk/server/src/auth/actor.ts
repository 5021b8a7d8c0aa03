export type Role = 'user' | 'staff' | 'admin';
export type CredentialKind = 'api_key' | 'jwt' | 'oauth' | 'admin_session' | 'users_permissions_jwt' | 'cli';
export type Channel = 'rest' | 'mcp' | 'admin' | 'cli';

/** Who is asking, resolved once per request by an auth strategy, before any service runs (DESIGN §1). */
export interface Actor {
  /** The help-desk account's public id (a ULID). */
  userId: string;
  /** The account's database row id: used only inside queries, never shown. */
  internalId: number;
  role: Role;
  /** Public ids of the groups the account is a member of. */
  groupIds: string[];
  /** Row ids of the same groups, for scope filters. */
  groupInternalIds: number[];
  credential: {
    kind: CredentialKind;
    id: string | null;
    name: string;
    /** The API key behind the credential (the key itself, or the key a token was exchanged from), if any. */
    keyId?: string | null;
  };
  /** True for a read-only API key and the tokens issued for it: only read operations are allowed. */
  readOnly: boolean;
  channel: Channel;
}
