import { parseArgs } from 'util';
import type { Core } from '@strapi/strapi';
import type { z } from 'zod';

/** Bad input: the CLI prints the message as one line and exits with status 2, before anything boots. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type OptionKind = 'string' | 'boolean';

export interface CommandSpec<S extends z.ZodType> {
  /** `noun:verb`, e.g. `user:create`. */
  name: string;
  summary: string;
  /** The options as shown in help, e.g. `--name NAME [--group NAME]`. */
  usage: string;
  /** Every option the command takes; an option's name is the field it fills in `input`. */
  options: Record<string, OptionKind>;
  /** The one option that may also be given bare, as the command's argument (`connection:revoke 01J…`). */
  positional?: string;
  input: S;
  /** Does the work on a loaded Strapi and returns what to print. */
  run(strapi: Core.Strapi, input: z.output<S>): Promise<string>;
}

/** A command with its input type erased, so commands with different inputs can sit in one registry. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Parses and validates the arguments (throwing UsageError), and returns the work to run once Strapi is up. */
  prepare(args: string[]): (strapi: Core.Strapi) => Promise<string>;
}

const optionList = (options: Record<string, OptionKind>) =>
  Object.keys(options)
    .map((o) => `--${o}`)
    .join(', ');

/** Node's parseArgs messages mention positionals and quoting; say what is wrong with this command instead. */
const explainParseError = (options: Record<string, OptionKind>, error: Error & { code?: string }) => {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const option = quoted.split(' ')[0];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${option} is not an option here (the options are ${optionList(options)})`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}": give values as --option value`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /missing/.test(error.message)
        ? `${option} needs a value`
        : /ambiguous/.test(error.message)
          ? `${option}: write a value that starts with "-" as ${option}=VALUE`
          : error.message;
    default:
      return error.message;
  }
};

/** zod issues as `--option rule`, all on one line. */
export const describeIssues = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string =>
  issues.map((issue) => (issue.path.length > 0 ? `--${String(issue.path[0])} ${issue.message}` : issue.message)).join('; ');

export const defineCommand = <S extends z.ZodType>(spec: CommandSpec<S>): Command => ({
  name: spec.name,
  summary: spec.summary,
  usage: spec.usage,
  prepare(args) {
    let values: Record<string, string | boolean | undefined>;
    let positionals: string[];
    try {
      const options = Object.fromEntries(Object.entries(spec.options).map(([key, type]) => [key, { type }]));
      const parsed = parseArgs({ args, options, strict: true, allowPositionals: spec.positional !== undefined });
      values = { ...parsed.values };
      positionals = parsed.positionals;
    } catch (error) {
      throw new UsageError(explainParseError(spec.options, error as Error & { code?: string }));
    }
    if (spec.positional !== undefined && positionals.length > 0) {
      if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}": give one ${spec.positional}`);
      if (values[spec.positional] !== undefined) throw new UsageError(`give the ${spec.positional} once, bare or as --${spec.positional}`);
      values[spec.positional] = positionals[0];
    }
    const parsed = spec.input.safeParse(values);
    if (!parsed.success) throw new UsageError(describeIssues(parsed.error.issues));
    const input = parsed.data;
    return (strapi) => spec.run(strapi, input);
  },
});
