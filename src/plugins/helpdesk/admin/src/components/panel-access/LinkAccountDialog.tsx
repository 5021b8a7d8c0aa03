import * as React from 'react';
import { Box, Button, Field, Flex, Loader, Modal, Radio, TextInput, Typography } from '@strapi/design-system';
import { Search } from '@strapi/icons';
import { queryString, useHelpdeskApi } from '../../api/client';
import type { AssigneeList, PanelAccessView } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { ActionError } from '../states';
import { useAction } from '../ticket/use-action';
import { AccountRoleBadge } from './labels';

interface Props {
  row: PanelAccessView;
  /** Which panel user each linked account is worked by, to say so next to an account before it is picked. */
  linkedTo: Map<string, string>;
  onLinked(row: PanelAccessView): void;
}

/** Waits until typing pauses, so the search asks the server once per word, not once per key. */
const useDebounced = <T,>(value: T, ms: number): T => {
  const [settled, setSettled] = React.useState(value);
  React.useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
};

/** The dialog's content: mounted while it is open, so every opening starts from a clean search. */
const LinkAccountForm = ({ row, linkedTo, onLinked }: Props) => {
  const api = useHelpdeskApi();
  const { panel_user: user } = row;
  const [q, setQ] = React.useState('');
  const query = useDebounced(q.trim(), 250);
  const [picked, setPicked] = React.useState(row.account?.id ?? '');
  const accounts = useResource(() => api.get<AssigneeList>(`/assignees${queryString({ q: query })}`), [api, query]);
  const users = accounts.data?.users ?? [];
  const action = useAction();
  const accountProblem = action.error?.fields.find((f) => f.field === 'account_id')?.message;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      onLinked(await api.put<PanelAccessView>(`/panel-access/${user.id}`, { account_id: picked }));
    });
  };

  return (
    <form onSubmit={submit}>
      <Modal.Body>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography textColor="neutral800">
            {user.name} ({user.email}) will work tickets in the Help Desk pages as the account you pick, with its role and groups.
            Only Staff and Admin accounts can be linked, and an account is worked by one panel user at a time.
          </Typography>
          {user.super_admin ? (
            <Typography variant="pi" textColor="neutral600">
              As a super admin, {user.name} acts as help-desk Admin whichever account they are linked to.
            </Typography>
          ) : null}
          <Field.Root name="q" hint="Name or email of a Staff or Admin account.">
            <Field.Label>Search accounts</Field.Label>
            <TextInput
              startAction={<Search fill="neutral500" />}
              value={q}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)}
            />
            <Field.Hint />
          </Field.Root>
          <Field.Root name="account_id" error={accountProblem}>
            <Box
              borderColor="neutral200"
              borderStyle="solid"
              borderWidth="1px"
              hasRadius
              padding={4}
              style={{ maxHeight: '28rem', overflowY: 'auto' }}
              aria-busy={accounts.state === 'loading'}
            >
              {accounts.state === 'error' ? (
                <Typography textColor="danger600" role="alert">
                  {accounts.error.message}
                </Typography>
              ) : !accounts.data ? (
                <Flex justifyContent="center">
                  <Loader small>Searching accounts…</Loader>
                </Flex>
              ) : users.length === 0 ? (
                <Typography textColor="neutral600">{query ? `No Staff or Admin account matches “${query}”.` : 'There are no Staff or Admin accounts yet.'}</Typography>
              ) : (
                <Radio.Group aria-label="Accounts" value={picked} onValueChange={setPicked}>
                  {users.map((u) => {
                    const other = linkedTo.get(u.id);
                    return (
                      <Radio.Item key={u.id} value={u.id} data-account-id={u.id}>
                        <Flex gap={2} tag="span" wrap="wrap">
                          <Typography fontWeight="semiBold">{u.name}</Typography>
                          <Typography textColor="neutral600">{u.email}</Typography>
                          <AccountRoleBadge role={u.role} />
                          {other && other !== user.email ? (
                            <Typography variant="pi" textColor="warning600">{`linked to ${other}`}</Typography>
                          ) : other === user.email ? (
                            <Typography variant="pi" textColor="neutral600">current link</Typography>
                          ) : null}
                        </Flex>
                      </Radio.Item>
                    );
                  })}
                </Radio.Group>
              )}
            </Box>
            <Field.Error />
          </Field.Root>
          <ActionError error={accountProblem ? null : action.error} />
        </Flex>
      </Modal.Body>
      <Modal.Footer>
        <Modal.Close>
          <Button variant="tertiary">Cancel</Button>
        </Modal.Close>
        <Button type="submit" loading={action.busy} disabled={!picked || picked === row.account?.id}>
          Link account
        </Button>
      </Modal.Footer>
    </form>
  );
};

/** "Link…" on a row: pick the Staff or Admin account that panel user works tickets as. */
export const LinkAccountDialog = (props: Props) => {
  const [open, setOpen] = React.useState(false);
  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button variant="secondary" size="S">
          {props.row.account ? 'Change link…' : 'Link…'}
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{`Link ${props.row.panel_user.name} to a help-desk account`}</Modal.Title>
        </Modal.Header>
        {open ? (
          <LinkAccountForm
            {...props}
            onLinked={(row) => {
              setOpen(false);
              props.onLinked(row);
            }}
          />
        ) : null}
      </Modal.Content>
    </Modal.Root>
  );
};
