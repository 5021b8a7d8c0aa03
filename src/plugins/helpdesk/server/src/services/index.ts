import accounts from './accounts';
import actors from './actors';
import audit from './audit';
import clock from './clock';
import credentials from './credentials';
import defaults from './defaults';
import demo from './demo';

export default {
  accounts,
  actors,
  audit,
  clock,
  credentials,
  defaults,
  demo,
};
