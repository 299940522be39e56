/**
 * What `condition` gives once it holds: polled until it returns something other than `undefined` or `false` without
 * throwing. For what happens after a response (a policy appending, a view catching up, a process starting); never
 * for showing that something did not happen.
 */
export async function eventually<T>(
  what: string,
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 5_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const why = lastError instanceof Error ? `; last failure: ${lastError.message}` : '';
  throw new Error(`Waited ${timeoutMs} ms for ${what}${why}`);
}
