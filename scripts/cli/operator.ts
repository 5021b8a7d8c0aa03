import type { Core } from '@strapi/strapi';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';
import { HelpdeskError } from '../../src/plugins/helpdesk/server/src/errors';
import { service } from '../../src/plugins/helpdesk/server/src/services/registry';

export const CLI_CREDENTIAL = { kind: 'cli', id: null, name: 'command line' } as const;

/**
 * Whoever runs the CLI runs the server and its database: commands that act on others' records (keys, panel access)
 * act for that operator with the help-desk Admin's rights, and are audited with channel "cli".
 */
export const operator: Actor = {
  userId: 'cli-operator',
  internalId: 0,
  role: 'admin',
  groupIds: [],
  groupInternalIds: [],
  credential: CLI_CREDENTIAL,
  readOnly: false,
  channel: 'cli',
};

/** The account a command names by `--email`, as an Actor: the owner of a key being made, or whose list is asked for. */
export const ownerActor = async (strapi: Core.Strapi, email: string): Promise<Actor> => {
  const account = await service(strapi, 'accounts').findAccount(email);
  const actor = account
    ? await service(strapi, 'actors').actorFor({ documentId: account.id }, { credential: CLI_CREDENTIAL, channel: 'cli', readOnly: false })
    : null;
  if (!actor) throw new HelpdeskError('not_found', `No active help-desk account has the email ${email}.`);
  return actor;
};
