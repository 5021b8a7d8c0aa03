import { Badge, Box, Flex, Link, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import type { SearchHit } from '../../api/types';
import { BASE_PATH } from '../../constants';
import { PriorityBadge, StatusBadge } from '../badges';
import { formatAgo, formatDateTime } from '../format';

const MATCHED: Record<SearchHit['matched'], { label: string; background: string; text: string }> = {
  subject: { label: 'subject', background: 'primary100', text: 'primary700' },
  description: { label: 'description', background: 'neutral150', text: 'neutral700' },
  reply: { label: 'reply', background: 'success100', text: 'success700' },
  note: { label: 'internal note', background: 'warning100', text: 'warning700' },
};

/**
 * search_tickets' hits, best first: the ticket (a link to its page), where the words were found, and the text
 * around them. The snippet is the server's plain text, rendered as text: nothing in a ticket becomes markup here.
 */
export const SearchHits = ({ hits }: { hits: SearchHit[] }) => (
  <Flex direction="column" alignItems="stretch" gap={2} tag="ol" aria-label="Search results" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
    {hits.map((hit) => {
      const matched = MATCHED[hit.matched];
      const t = hit.ticket;
      return (
        <Box key={t.id} tag="li" data-ticket-id={t.id} data-matched={hit.matched} background="neutral0" hasRadius shadow="tableShadow" padding={4}>
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Flex gap={3} justifyContent="space-between" wrap="wrap">
              <Link tag={NavLink} to={`${BASE_PATH}/tickets/${t.id}`}>
                {t.subject}
              </Link>
              <Flex gap={2}>
                <StatusBadge status={t.status} />
                <PriorityBadge priority={t.priority} />
                <Typography variant="pi" textColor="neutral600" title={formatDateTime(t.last_activity_at)}>
                  {formatAgo(t.last_activity_at)}
                </Typography>
              </Flex>
            </Flex>
            <Flex gap={2} alignItems="baseline">
              <Badge backgroundColor={matched.background} textColor={matched.text} data-testid="matched-part">
                {matched.label}
              </Badge>
              <Typography textColor="neutral700" data-testid="snippet">
                {hit.snippet}
              </Typography>
            </Flex>
          </Flex>
        </Box>
      );
    })}
  </Flex>
);
