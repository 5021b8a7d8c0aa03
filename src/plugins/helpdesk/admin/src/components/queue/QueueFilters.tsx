import * as React from 'react';
import { Button, Field, Flex, MultiSelect, MultiSelectOption, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { Search } from '@strapi/icons';
import type { AssigneeList, CategoryView, StatusView, TagView } from '../../api/types';
import { PRIORITIES, SLA_STATES, type QueueFilters as Filters } from './filters';

interface Props {
  filters: Filters;
  statuses: StatusView[];
  categories: CategoryView[];
  tags: TagView[];
  assignees: AssigneeList | null;
  onChange(next: Partial<Filters>): void;
}

/** "" in a select means no filter; the status select's "" is the service's default, the tickets still open. */
const Select = ({ label, value, onChange, children }: { label: string; value: string; onChange(v: string): void; children: React.ReactNode }) => (
  <Field.Root name={label} width="18rem">
    <Field.Label>{label}</Field.Label>
    <SingleSelect value={value} onChange={(v) => onChange(String(v))} size="S">
      {children}
    </SingleSelect>
  </Field.Root>
);

export const QueueFilters = ({ filters, statuses, categories, tags, assignees, onChange }: Props) => {
  const [q, setQ] = React.useState(filters.q);
  React.useEffect(() => setQ(filters.q), [filters.q]);
  const [words, setWords] = React.useState(filters.search);
  React.useEffect(() => setWords(filters.search), [filters.search]);

  return (
    <Flex gap={3} wrap="wrap" alignItems="flex-end">
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          onChange({ q: q.trim() });
        }}
      >
        <Flex gap={2} alignItems="flex-end">
          <Field.Root name="q" width="26rem">
            <Field.Label>Search</Field.Label>
            <TextInput
              size="S"
              placeholder="Subject or description"
              value={q}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)}
            />
          </Field.Root>
          <Button type="submit" variant="secondary" size="L" startIcon={<Search />}>
            Search
          </Button>
        </Flex>
      </form>
      <form
        role="search"
        aria-label="Find words in tickets and threads"
        onSubmit={(event) => {
          event.preventDefault();
          onChange({ search: words.trim() });
        }}
      >
        <Flex gap={2} alignItems="flex-end">
          <Field.Root name="search" width="26rem" hint="Replies and notes too; any status">
            <Field.Label>Find words</Field.Label>
            <TextInput
              size="S"
              placeholder='Words or a "phrase"'
              value={words}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setWords(e.target.value)}
            />
            <Field.Hint />
          </Field.Root>
          <Button type="submit" variant="secondary" size="L" startIcon={<Search />}>
            Find
          </Button>
        </Flex>
      </form>
      <Select label="Status" value={filters.status} onChange={(status) => onChange({ status })}>
        <SingleSelectOption value="">{filters.search ? 'Any status' : 'Open (not resolved or closed)'}</SingleSelectOption>
        {statuses.map((s) => (
          <SingleSelectOption key={s.id} value={s.name}>
            {s.name}
          </SingleSelectOption>
        ))}
      </Select>
      <Select label="Priority" value={filters.priority} onChange={(priority) => onChange({ priority })}>
        <SingleSelectOption value="">Any priority</SingleSelectOption>
        {PRIORITIES.map((p) => (
          <SingleSelectOption key={p} value={p}>
            {p}
          </SingleSelectOption>
        ))}
      </Select>
      <Select label="Service level" value={filters.sla} onChange={(sla) => onChange({ sla })}>
        <SingleSelectOption value="">Any service level</SingleSelectOption>
        {SLA_STATES.map(([value, label]) => (
          <SingleSelectOption key={value} value={value}>
            {label}
          </SingleSelectOption>
        ))}
      </Select>
      <Select label="Assignee" value={filters.assignee} onChange={(assignee) => onChange({ assignee })}>
        <SingleSelectOption value="">Anyone</SingleSelectOption>
        <SingleSelectOption value="me">Me</SingleSelectOption>
        <SingleSelectOption value="none">Unassigned</SingleSelectOption>
        {(assignees?.users ?? []).map((u) => (
          <SingleSelectOption key={u.id} value={u.id}>
            {u.name}
          </SingleSelectOption>
        ))}
      </Select>
      <Select label="Category" value={filters.category} onChange={(category) => onChange({ category })}>
        <SingleSelectOption value="">Any category</SingleSelectOption>
        {categories.map((c) => (
          <SingleSelectOption key={c.id} value={c.name}>
            {c.name}
          </SingleSelectOption>
        ))}
      </Select>
      <Field.Root name="Tags" width="18rem">
        <Field.Label>Tags</Field.Label>
        <MultiSelect
          size="S"
          placeholder="Any tags"
          value={filters.tags}
          onChange={(chosen: string[]) => onChange({ tags: chosen })}
          onClear={() => onChange({ tags: [] })}
          clearLabel="Clear the tag filter"
          withTags
        >
          {tags.map((t) => (
            <MultiSelectOption key={t.id} value={t.name}>
              {t.name}
            </MultiSelectOption>
          ))}
        </MultiSelect>
      </Field.Root>
    </Flex>
  );
};
