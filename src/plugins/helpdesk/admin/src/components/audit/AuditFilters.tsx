import * as React from 'react';
import { Button, Field, Flex, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { Filter } from '@strapi/icons';

export interface AuditFilterValues {
  actor: string;
  key: string;
  channel: string;
  action: string;
  outcome: string;
  ticket: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilterValues = { actor: '', key: '', channel: '', action: '', outcome: '', ticket: '' };

const TEXT_FIELDS: Array<{ name: 'actor' | 'key' | 'action' | 'ticket'; label: string; placeholder: string }> = [
  { name: 'actor', label: 'Actor', placeholder: 'Email or account id' },
  { name: 'key', label: 'Key', placeholder: 'Credential name' },
  { name: 'action', label: 'Action', placeholder: 'e.g. ticket.note, or ticket.' },
  { name: 'ticket', label: 'Ticket', placeholder: 'Ticket id' },
];

const CHOICES = {
  channel: ['rest', 'mcp', 'admin', 'cli'],
  outcome: ['allowed', 'refused', 'failed'],
} as const;

/** Text filters apply on "Apply" (or Enter), so typing does not query on every key. */
export const AuditFilters = ({ value, onApply }: { value: AuditFilterValues; onApply(next: AuditFilterValues): void }) => {
  const [draft, setDraft] = React.useState(value);
  React.useEffect(() => setDraft(value), [value]);
  const set = (patch: Partial<AuditFilterValues>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <Flex
      tag="form"
      gap={3}
      wrap="wrap"
      alignItems="flex-end"
      onSubmit={(event: React.FormEvent) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      {TEXT_FIELDS.map((f) => (
        <Field.Root key={f.name} name={f.name} width="20rem">
          <Field.Label>{f.label}</Field.Label>
          <TextInput size="S" placeholder={f.placeholder} value={draft[f.name]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ [f.name]: e.target.value })} />
        </Field.Root>
      ))}
      {(Object.keys(CHOICES) as Array<keyof typeof CHOICES>).map((name) => (
        <Field.Root key={name} name={name} width="16rem">
          <Field.Label>{name === 'channel' ? 'Channel' : 'Outcome'}</Field.Label>
          <SingleSelect size="S" value={draft[name]} onChange={(v) => onApply({ ...draft, [name]: String(v) })}>
            <SingleSelectOption value="">Any</SingleSelectOption>
            {CHOICES[name].map((c) => (
              <SingleSelectOption key={c} value={c}>
                {c}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      ))}
      <Button type="submit" variant="secondary" size="L" startIcon={<Filter />}>
        Apply
      </Button>
      <Button type="button" variant="tertiary" size="L" onClick={() => onApply(EMPTY_AUDIT_FILTERS)}>
        Clear
      </Button>
    </Flex>
  );
};
