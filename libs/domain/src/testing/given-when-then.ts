import type { Decider } from '../shared/decider';
import { replay } from '../shared/decider';
import { RuleBroken } from '../shared/errors';

/**
 * Given these past events, when this command (with this context), then these events, or this error.
 * `then` matches each event with `toMatchObject`, so a spec states the facts it is about.
 */
export function scenario<C, S, E, X>(decider: Decider<C, S, E, X>) {
  return {
    given(past: E[]) {
      return {
        when(command: C, context: X) {
          const run = () => decider.decide(command, replay(decider, past), context);
          return {
            then(expected: Array<Partial<E> | object>) {
              const events = run();
              expect(events).toHaveLength(expected.length);
              expected.forEach((event, index) => expect(events[index]).toMatchObject(event));
              return events;
            },
            thenRefuses(error: new (...args: never[]) => Error, message?: RegExp) {
              expect(run).toThrow(error);
              if (message) expect(run).toThrow(message);
            },
            /** Refused by the named rule of the scheme, not merely by some RuleBroken. */
            thenBreaks(rule: string) {
              expect(run).toThrow(RuleBroken);
              try {
                run();
              } catch (error) {
                expect(error).toMatchObject({ rule });
              }
            },
          };
        },
      };
    },
  };
}
