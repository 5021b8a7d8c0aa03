import token from './token';
import apiKeys from './api-keys';

export default {
  token,
  'api-keys': apiKeys,
};
