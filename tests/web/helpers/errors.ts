// The message of the Error a call throws; fails the test if it does not throw
// or throws something that is not an Error.
import { expect } from 'vitest';

export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  throw new Error('expected the call to throw');
}
