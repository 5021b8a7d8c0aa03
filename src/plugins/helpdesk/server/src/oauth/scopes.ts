import type { Role } from '../auth/actor';

/**
 * What an assistant may ask for. Read and write are what the person chooses on the consent page; the staff and
 * admin scopes only say that an app needs that role to be useful (a triage bot), so an account below it is told
 * so instead of connecting an app that cannot work. Whatever is granted, the account's own role and scope bound
 * every call.
 */
export const SCOPE = {
  read: 'helpdesk:read',
  write: 'helpdesk:write',
  staff: 'helpdesk:staff',
  admin: 'helpdesk:admin',
} as const;

/** The scopes of the help desk's resources (MCP and REST), as the protected-resource metadata lists them. */
export const RESOURCE_SCOPES: readonly string[] = [SCOPE.read, SCOPE.write];
export const ALL_RESOURCE_SCOPES: readonly string[] = Object.values(SCOPE);

const RANK: Record<Role, number> = { user: 0, staff: 1, admin: 2 };

/** The role an app's requested scopes say it needs, or null when any account will do. */
export const roleAskedFor = (requested: ReadonlySet<string>): Role | null =>
  requested.has(SCOPE.admin) ? 'admin' : requested.has(SCOPE.staff) ? 'staff' : null;

export const roleSuffices = (role: Role, needed: Role | null): boolean => needed === null || RANK[role] >= RANK[needed];

/** The scopes one approval grants: read, write only when chosen, and the role scopes that were asked for and hold. */
export const grantedScopes = (requested: ReadonlySet<string>, readOnly: boolean): string[] => [
  SCOPE.read,
  ...(readOnly ? [] : [SCOPE.write]),
  ...[SCOPE.staff, SCOPE.admin].filter((scope) => requested.has(scope)),
];

export const isReadOnly = (scopes: ReadonlySet<string>): boolean => !scopes.has(SCOPE.write);
