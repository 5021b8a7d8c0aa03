import type { z } from 'zod';
import { invalid, type FieldIssue } from '../errors';

/** zod's issue codes, said the way a caller reads them. */
const RULES: Record<string, string> = {
  invalid_type: 'type',
  too_big: 'max',
  too_small: 'min',
  invalid_format: 'format',
  invalid_value: 'one_of',
  unrecognized_keys: 'unknown_field',
  custom: 'rule',
};

const fieldIssues = (error: z.ZodError): FieldIssue[] =>
  error.issues.flatMap((issue): FieldIssue[] => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: base ? `${base}.${key}` : key,
        rule: 'unknown_field',
        message: 'is not an accepted field',
      }));
    }
    // A refinement names its own rule (e.g. no_nul) in its params.
    const named = issue.code === 'custom' ? (issue.params as { rule?: unknown } | undefined)?.rule : undefined;
    const rule = typeof named === 'string' ? named : (RULES[issue.code] ?? issue.code);
    return [{ field: base || '(body)', rule, message: issue.message }];
  });

/** Validates input at the edge, once. Anything wrong becomes one validation_error naming every field and rule. */
export const parseInput = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> => {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(fieldIssues(result.error));
  return result.data;
};
