/**
 * The help desk's notion of "now". Reopen windows, key expiry and token lifetimes all read it, so tests can move
 * time forward (`travel`) and see real behaviour without sleeping. Production never calls travel.
 */
export default () => {
  let offsetMs = 0;
  return {
    now(): Date {
      return new Date(Date.now() + offsetMs);
    },
    nowSeconds(): number {
      return Math.floor((Date.now() + offsetMs) / 1000);
    },
    travel(ms: number): void {
      offsetMs += ms;
    },
    reset(): void {
      offsetMs = 0;
    },
  };
};
