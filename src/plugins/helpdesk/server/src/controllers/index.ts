import token from './token';
import apiKeys from './api-keys';
import tickets from './tickets';
import directory from './directory';

export default {
  token,
  'api-keys': apiKeys,
  tickets,
  directory,
};
