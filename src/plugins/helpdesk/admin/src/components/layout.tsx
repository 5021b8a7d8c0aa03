import * as React from 'react';
import { Flex, LinkButton } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink, useLocation } from 'react-router-dom';
import { BASE_PATH } from '../constants';
import { useSession } from './session';

const SectionNav = () => {
  const { can } = useSession();
  const { pathname } = useLocation();
  const sections = [
    { to: BASE_PATH, label: 'Queue', show: can.readTickets, active: pathname === BASE_PATH || pathname.startsWith(`${BASE_PATH}/tickets`) },
    { to: `${BASE_PATH}/canned-responses`, label: 'Canned responses', show: can.readTickets, active: pathname.startsWith(`${BASE_PATH}/canned-responses`) },
    { to: `${BASE_PATH}/api-keys`, label: 'API keys', show: can.manageKeys, active: pathname.startsWith(`${BASE_PATH}/api-keys`) },
    { to: `${BASE_PATH}/audit`, label: 'Audit log', show: can.readAudit, active: pathname.startsWith(`${BASE_PATH}/audit`) },
    { to: `${BASE_PATH}/panel-access`, label: 'Panel access', show: can.panelAccess, active: pathname.startsWith(`${BASE_PATH}/panel-access`) },
    { to: `${BASE_PATH}/settings`, label: 'Settings', show: can.settings, active: pathname.startsWith(`${BASE_PATH}/settings`) },
  ].filter((s) => s.show);
  return (
    <Flex gap={2} tag="nav" aria-label="Help Desk sections">
      {sections.map((s) => (
        <LinkButton
          key={s.to}
          tag={NavLink}
          to={s.to}
          end
          size="S"
          variant={s.active ? 'secondary' : 'tertiary'}
          aria-current={s.active ? 'page' : undefined}
        >
          {s.label}
        </LinkButton>
      ))}
    </Flex>
  );
};

interface HelpdeskPageProps {
  title: string;
  subtitle?: React.ReactNode;
  primaryAction?: React.ReactNode;
  navigationAction?: React.ReactNode;
  children: React.ReactNode;
}

/** Every Help Desk page: the panel's header, the section links, then the content. */
export const HelpdeskPage = ({ title, subtitle, primaryAction, navigationAction, children }: HelpdeskPageProps) => (
  <Page.Main>
    <Page.Title>{`${title} · Help Desk`}</Page.Title>
    <Layouts.Header title={title} subtitle={subtitle} primaryAction={primaryAction} navigationAction={navigationAction} />
    <Layouts.Action startActions={<SectionNav />} />
    <Layouts.Content>{children}</Layouts.Content>
  </Page.Main>
);
