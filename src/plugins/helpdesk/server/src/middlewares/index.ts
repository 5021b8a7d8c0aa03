import { renderHelpdeskErrors } from '../http/rest-errors';

export default {
  'rest-errors': renderHelpdeskErrors,
};
