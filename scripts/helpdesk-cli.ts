import { HelpdeskError } from '../src/plugins/helpdesk/server/src/errors';
import { bootStrapi, stopStrapi } from './cli/boot';
import { UsageError, type Command } from './cli/command';
import { setupCommands } from './cli/setup-commands';
import { demoCommands } from './cli/demo-commands';
import { panelCommands } from './cli/panel-commands';
import { keyCommands } from './cli/key-commands';
import { connectionCommands } from './cli/connection-commands';
import { auditCommands } from './cli/audit-commands';

/** Every command the CLI knows; a group of commands lives in its own file under cli/. */
const COMMANDS: Command[] = [...setupCommands, ...keyCommands, ...connectionCommands, ...panelCommands, ...auditCommands, ...demoCommands];

const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;
const INVOCATION = 'npm run helpdesk --';

const help = (): string =>
  [
    `Usage: ${INVOCATION} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${`${c.name} ${c.usage}`.trimEnd()}\n      ${c.summary}`),
    '',
    `Run "${INVOCATION} <command> --help" for one command.`,
  ].join('\n');

const commandHelp = (command: Command): string =>
  `Usage: ${INVOCATION} ${command.name} ${command.usage}`.trimEnd() + `\n\n${command.summary}.`;

/** A domain error's message is written for people; a validation error names each field as its option. */
const describeFailure = (error: unknown): { message: string; code: number } => {
  if (error instanceof HelpdeskError) {
    if (error.code === 'validation_error') {
      const fields = error.details?.fields ?? [];
      const message = fields.length > 0 ? fields.map((f) => `--${f.field} ${f.message}`).join('; ') : error.message;
      return { message, code: EXIT.badInput };
    }
    return { message: error.message, code: EXIT.failed };
  }
  // The CLI's user runs the server: the underlying message (a refused connection, a locked file) is theirs to see.
  return { message: error instanceof Error ? error.message : String(error), code: EXIT.failed };
};

const main = async (argv: string[]): Promise<number> => {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? process.stdout : process.stderr).write(help() + '\n');
    return name ? EXIT.ok : EXIT.badInput;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`error: unknown command "${name}"; the commands are ${COMMANDS.map((c) => c.name).join(', ')}\n`);
    return EXIT.badInput;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(commandHelp(command) + '\n');
    return EXIT.ok;
  }

  let work: ReturnType<Command['prepare']>;
  try {
    work = command.prepare(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${command.name}: ${error.message}\n`);
    return EXIT.badInput;
  }

  const strapi = await bootStrapi();
  try {
    process.stdout.write((await work(strapi)) + '\n');
    return EXIT.ok;
  } catch (error) {
    const failure = describeFailure(error);
    process.stderr.write(`error: ${command.name}: ${failure.message}\n`);
    return failure.code;
  } finally {
    await stopStrapi(strapi);
  }
};

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT.failed);
  },
);
