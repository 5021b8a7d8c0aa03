import actors from './actors';
import audit from './audit';
import clock from './clock';
import credentials from './credentials';
import defaults from './defaults';

export default {
  actors,
  audit,
  clock,
  credentials,
  defaults,
};
