import * as React from 'react';
import { Box, Button, Checkbox, Field, Flex, NumberInput, Textarea, Toggle, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useHelpdeskApi } from '../api/client';
import type { RuntimeSettings } from '../api/types';
import { useResource } from '../api/use-resource';
import { HelpdeskPage } from '../components/layout';
import { ActionError, ErrorState, LoadingState } from '../components/states';
import { useAction } from '../components/ticket/use-action';
import { FILE_KINDS } from '../../../server/src/attachments/file-types';
import { ServiceLevelFields } from '../components/settings/ServiceLevelFields';

interface Draft {
  reopenWindowDays: number | undefined;
  allowedOrigins: string;
  rateLimitPerMinute: number | undefined;
  registrationOpen: boolean;
  oauthDynamicRegistration: boolean;
  oauthClientMetadataDocuments: boolean;
  oauthClientHosts: string;
  /** Shown in megabytes, stored in bytes. */
  attachmentMaxMegabytes: number | undefined;
  attachmentMaxFiles: number | undefined;
  attachmentTypes: string[];
  serviceLevels: RuntimeSettings['serviceLevels'];
}

const MB = 1024 * 1024;

const draftOf = (s: RuntimeSettings): Draft => ({
  ...s,
  allowedOrigins: s.allowedOrigins.join('\n'),
  oauthClientHosts: s.oauthClientHosts.join('\n'),
  attachmentMaxMegabytes: Math.round((s.attachmentMaxBytes / MB) * 100) / 100,
  attachmentTypes: [...s.attachmentTypes],
});
const lines = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** Stored in Strapi's store and read by the services on use: a save takes effect without a restart. */
export const SettingsPage = () => {
  const api = useHelpdeskApi();
  const { toggleNotification } = useNotification();
  const settings = useResource(() => api.get<RuntimeSettings>('/settings'), [api]);
  const [draft, setDraft] = React.useState<Draft | null>(null);
  React.useEffect(() => {
    if (settings.data) setDraft(draftOf(settings.data));
  }, [settings.data]);
  const save = useAction();
  const problem = (field: string) => save.error?.fields.find((f) => f.field === field || f.field.startsWith(`${field}.`))?.message;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    void save.run(async () => {
      const saved = await api.put<RuntimeSettings>('/settings', {
        reopenWindowDays: draft.reopenWindowDays,
        allowedOrigins: lines(draft.allowedOrigins),
        rateLimitPerMinute: draft.rateLimitPerMinute,
        registrationOpen: draft.registrationOpen,
        oauthDynamicRegistration: draft.oauthDynamicRegistration,
        oauthClientMetadataDocuments: draft.oauthClientMetadataDocuments,
        oauthClientHosts: lines(draft.oauthClientHosts),
        attachmentMaxBytes: draft.attachmentMaxMegabytes === undefined ? undefined : Math.round(draft.attachmentMaxMegabytes * MB),
        attachmentMaxFiles: draft.attachmentMaxFiles,
        attachmentTypes: draft.attachmentTypes,
        serviceLevels: draft.serviceLevels,
      });
      setDraft(draftOf(saved));
      toggleNotification({ type: 'success', message: 'Settings saved. They apply from now on, without a restart.' });
    });
  };

  return (
    <HelpdeskPage
      title="Settings"
      subtitle="Saved settings take precedence over the server's configuration file and apply at once."
      primaryAction={
        draft ? (
          <Button type="submit" form="helpdesk-settings" startIcon={<Check />} loading={save.busy}>
            Save
          </Button>
        ) : undefined
      }
    >
      {settings.state === 'error' ? (
        <ErrorState error={settings.error} onRetry={settings.reload} />
      ) : !draft ? (
        <LoadingState label="Loading settings…" />
      ) : (
        <Box tag="form" id="helpdesk-settings" onSubmit={submit} background="neutral0" hasRadius shadow="tableShadow" padding={6}>
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Field.Root
              name="reopenWindowDays"
              error={problem('reopenWindowDays')}
              hint="How many days after a ticket is resolved a reply from its submitter reopens it (0 to 365)."
            >
              <Field.Label>Reopen window (days)</Field.Label>
              <NumberInput value={draft.reopenWindowDays} onValueChange={(v) => setDraft({ ...draft, reopenWindowDays: v })} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root
              name="allowedOrigins"
              error={problem('allowedOrigins')}
              hint="Browser origins allowed to call the MCP server, one per line (e.g. https://claude.ai). Requests without an Origin header, as from desktop clients, are always allowed."
            >
              <Field.Label>Allowed origins for the MCP server</Field.Label>
              <Textarea rows={4} value={draft.allowedOrigins} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setDraft({ ...draft, allowedOrigins: e.target.value })} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root name="rateLimitPerMinute" error={problem('rateLimitPerMinute')} hint="MCP requests per minute per credential (1 to 100000).">
              <Field.Label>Rate limit (requests per minute)</Field.Label>
              <NumberInput value={draft.rateLimitPerMinute} onValueChange={(v) => setDraft({ ...draft, rateLimitPerMinute: v })} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root
              name="registrationOpen"
              error={problem('registrationOpen')}
              hint="Whether people can create their own accounts (users-permissions' sign-up and third-party sign-in). When open, every new account must confirm its email address before it can get a token; an admin can still create accounts either way."
            >
              <Field.Label>Registration</Field.Label>
              <Toggle
                onLabel="Open"
                offLabel="Closed"
                checked={draft.registrationOpen}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, registrationOpen: e.target.checked })}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Typography variant="delta" tag="h2">
              Connecting assistants (OAuth)
            </Typography>
            <Field.Root
              name="oauthDynamicRegistration"
              error={problem('oauthDynamicRegistration')}
              hint="Assistants such as ChatGPT and VS Code register themselves (RFC 7591) before their person approves them on the help desk's sign-in page. Off: new assistants can no longer register; those registered already still can connect."
            >
              <Field.Label>Let assistants register themselves (Dynamic Client Registration)</Field.Label>
              <Toggle
                onLabel="On"
                offLabel="Off"
                checked={draft.oauthDynamicRegistration}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, oauthDynamicRegistration: e.target.checked })}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root
              name="oauthClientMetadataDocuments"
              error={problem('oauthClientMetadataDocuments')}
              hint="Assistants such as claude.ai name themselves by the https address of a document that describes them, which the help desk fetches. Off: such assistants cannot connect; registered ones still can."
            >
              <Field.Label>Accept client metadata documents (client_id is an https URL)</Field.Label>
              <Toggle
                onLabel="On"
                offLabel="Off"
                checked={draft.oauthClientMetadataDocuments}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, oauthClientMetadataDocuments: e.target.checked })}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root
              name="oauthClientHosts"
              error={problem('oauthClientHosts')}
              hint="Host names whose assistants may connect, one per line (e.g. claude.ai, or *.example.com for its subdomains): the host of a metadata document's address, or else of the address the assistant returns to. Empty allows any. Apps connected already keep working until revoked (API keys → Connected apps)."
            >
              <Field.Label>Allowed client hosts</Field.Label>
              <Textarea rows={3} value={draft.oauthClientHosts} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setDraft({ ...draft, oauthClientHosts: e.target.value })} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Typography variant="delta" tag="h2">
              Attachments
            </Typography>
            <Field.Root name="attachmentMaxBytes" error={problem('attachmentMaxBytes')} hint="The largest file people and assistants may attach, in megabytes (up to 100).">
              <Field.Label>Largest attachment (MB)</Field.Label>
              <NumberInput step={0.5} value={draft.attachmentMaxMegabytes} onValueChange={(v) => setDraft({ ...draft, attachmentMaxMegabytes: v })} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root name="attachmentMaxFiles" error={problem('attachmentMaxFiles')} hint="How many files one description, reply or note may carry (1 to 20).">
              <Field.Label>Files per message</Field.Label>
              <NumberInput value={draft.attachmentMaxFiles} onValueChange={(v) => setDraft({ ...draft, attachmentMaxFiles: v })} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Field.Root
              name="attachmentTypes"
              error={problem('attachmentTypes')}
              hint="The kinds of file accepted. Each is checked against its content, not only its name. HTML, SVG, scripts and programs are never accepted."
            >
              <Field.Label>Accepted kinds of file</Field.Label>
              <Flex gap={4} wrap="wrap" paddingTop={1} paddingBottom={1}>
                {FILE_KINDS.map((kind) => (
                  <Checkbox
                    key={kind.key}
                    name={`attachmentTypes.${kind.key}`}
                    checked={draft.attachmentTypes.includes(kind.key)}
                    onCheckedChange={(checked: boolean | 'indeterminate') =>
                      setDraft({
                        ...draft,
                        attachmentTypes: checked === true ? [...draft.attachmentTypes, kind.key] : draft.attachmentTypes.filter((k) => k !== kind.key),
                      })
                    }
                  >
                    {kind.extensions.map((e) => `.${e}`).join(' ')}
                  </Checkbox>
                ))}
              </Flex>
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <ServiceLevelFields value={draft.serviceLevels} onChange={(serviceLevels) => setDraft({ ...draft, serviceLevels })} problem={problem} />
            <ActionError error={save.error && save.error.fields.length === 0 ? save.error : null} />
          </Flex>
        </Box>
      )}
    </HelpdeskPage>
  );
};
