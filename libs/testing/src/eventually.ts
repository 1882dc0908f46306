/**
 * Retries an assertion until it passes or the timeout ends, then throws its last error.
 * For effects that travel through queues; the timeout is a ceiling, never a measurement.
 */
export async function expectEventually<T>(assertion: () => Promise<T> | T, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await assertion();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
  throw lastError;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
