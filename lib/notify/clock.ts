// Every time-based decision in notifications reads the time from a Clock, so tests move time
// forward instead of sleeping.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock that stands still until moved (tests). */
export function manualClock(
  start: Date | string,
): Clock & { advance: (ms: number) => Date; set: (to: Date | string) => Date } {
  let now = new Date(start);
  const clock = (() => new Date(now)) as Clock & { advance: (ms: number) => Date; set: (to: Date | string) => Date };
  clock.advance = (ms) => (now = new Date(now.getTime() + ms));
  clock.set = (to) => (now = new Date(to));
  return clock;
}
