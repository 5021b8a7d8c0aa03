import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { Lock } from '@strapi/icons';
import type { AttachmentView, PersonRef, TicketDetail } from '../../api/types';
import { AttachmentList } from './Attachments';
import { formatDateTime } from '../format';

interface EntryProps {
  author: PersonRef | null;
  at: string;
  body: string;
  internal?: boolean;
  label?: string;
  attachments: AttachmentView[];
}

/**
 * One message. Bodies are Markdown written by people: shown as the text they typed (never as HTML), so nothing in a
 * ticket can run in a staff member's browser. Internal notes look different at a glance: tinted, bordered, labelled.
 */
const Entry = ({ author, at, body, internal = false, label, attachments }: EntryProps) => (
  <Box
    tag="article"
    data-kind={internal ? 'internal-note' : 'public'}
    background={internal ? 'warning100' : 'neutral0'}
    borderColor={internal ? 'warning200' : 'neutral150'}
    borderStyle="solid"
    borderWidth="1px"
    hasRadius
    padding={4}
    aria-label={internal ? 'Internal note' : 'Message'}
  >
    <Flex justifyContent="space-between" paddingBottom={2} gap={2}>
      <Flex gap={2}>
        <Typography fontWeight="bold">{author?.name ?? 'Unknown'}</Typography>
        {internal ? (
          <Badge backgroundColor="warning200" textColor="warning700">
            <Flex gap={1}>
              <Lock width="1.2rem" height="1.2rem" aria-hidden /> Internal note · staff only
            </Flex>
          </Badge>
        ) : label ? (
          <Badge>{label}</Badge>
        ) : null}
      </Flex>
      <Typography variant="pi" textColor="neutral600">
        {formatDateTime(at)}
      </Typography>
    </Flex>
    <Typography tag="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {body}
    </Typography>
    <AttachmentList attachments={attachments} />
  </Box>
);

/** The description, then every reply and note in the order they were written. */
export const Thread = ({ ticket }: { ticket: TicketDetail }) => (
  <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-label="Conversation">
    <Entry author={ticket.submitter} at={ticket.created_at} body={ticket.description} label="Description" attachments={ticket.attachments} />
    {ticket.replies.map((r) => (
      <Entry key={r.id} author={r.author} at={r.created_at} body={r.body} internal={r.is_internal} attachments={r.attachments} />
    ))}
  </Flex>
);
