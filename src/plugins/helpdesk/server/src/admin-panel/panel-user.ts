/** Facts about a Strapi admin-panel user that several parts of the help desk read the same way. */

/** The code of Strapi's Super Admin role: its holders act as help-desk Admin, and only they read tickets in the Content Manager. */
export const SUPER_ADMIN_CODE = 'strapi-super-admin';

export const hasSuperAdminRole = (roles: ReadonlyArray<{ code: string }> | null | undefined): boolean =>
  (roles ?? []).some((r) => r.code === SUPER_ADMIN_CODE);

/** How a panel user is named in the pages and the audit log: first and last name, else the email. */
export const panelUserName = (user: { email: string; firstname?: string | null; lastname?: string | null }): string =>
  [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email;
