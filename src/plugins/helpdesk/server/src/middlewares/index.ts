import { renderDatabaseUnavailable, renderHelpdeskErrors } from '../http/rest-errors';

export default {
  'rest-errors': renderHelpdeskErrors,
  'database-unavailable': renderDatabaseUnavailable,
};
