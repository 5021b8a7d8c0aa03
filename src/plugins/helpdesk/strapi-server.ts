// Strapi loads a plugin's server part from strapi-server.js; this compiles to it.
import plugin from './server/src';

export = plugin;
