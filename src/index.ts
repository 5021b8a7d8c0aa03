// The application itself adds nothing: the help desk lives in the local plugin src/plugins/helpdesk.
export default {
  register() {},
  bootstrap() {},
};
