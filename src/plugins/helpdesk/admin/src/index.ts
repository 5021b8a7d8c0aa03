import { Message } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { PERMISSIONS, PLUGIN_ID } from './constants';

/** The admin panel's entry for the plugin: a "Help Desk" item in the main menu, shown to roles that may read tickets. */
export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Message,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Help Desk' },
      Component: () => import('./pages/App'),
      permissions: PERMISSIONS.readTickets,
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Help Desk' });
  },
};
