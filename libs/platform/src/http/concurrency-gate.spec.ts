import { ConcurrencyGate, ServiceBusyException } from './concurrency-gate.js';

const busy = () => new ServiceBusyException('search.busy', 'busy', 1);

describe('ConcurrencyGate', () => {
  it('runs at most `limit` at once, lets the next in line in as one ends, and refuses who waited too long', async () => {
    const gate = new ConcurrencyGate(2, 50, busy);
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      gate.run(async () => {
        most = Math.max(most, ++running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      });
    const first = [work(), work(), work()];
    await new Promise((resolve) => setImmediate(resolve));
    expect([running, releases.length]).toEqual([2, 2]);
    releases.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases.length).toBe(2); // the third took the place the first left
    const late = [work(), work()];
    await expect(late[0]).rejects.toBeInstanceOf(ServiceBusyException);
    await expect(late[1]).rejects.toMatchObject({ code: 'search.busy' });
    releases.splice(0).forEach((release) => release());
    await Promise.all(first);
    expect(most).toBe(2);
    await expect(gate.run(async () => 'free again')).resolves.toBe('free again');
  });
});
