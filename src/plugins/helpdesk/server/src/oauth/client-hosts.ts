/**
 * The admin's list of client hosts ("claude.ai", "*.example.com"); an empty list allows any. A wildcard matches
 * subdomains only, as in TLS certificates: "*.example.com" does not allow "example.com" itself.
 */
export const clientHostAllowed = (allowed: readonly string[], hostname: string): boolean => {
  if (allowed.length === 0) return true;
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return allowed.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : host === entry));
};
