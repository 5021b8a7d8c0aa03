import can from './can';

export default { can };
