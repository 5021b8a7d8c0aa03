import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';

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
