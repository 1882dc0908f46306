import { ConcurrencyGate, ServiceBusyException } from './concurrency-gate.js';

const busy = () => new ServiceBusyException('search.busy', 'busy', 1);

/** Work that runs until its release is called; `running` and `most` count what runs at once. */
function workOn(gate: ConcurrencyGate) {
  const state = { running: 0, most: 0, releases: [] as (() => void)[] };
  const work = () =>
    gate.run(async () => {
      state.most = Math.max(state.most, ++state.running);
      await new Promise<void>((resolve) => state.releases.push(resolve));
      state.running--;
    });
  return { state, work };
}

describe('ConcurrencyGate', () => {
  it('runs at most `limit` at once and lets the next in line in as one ends', async () => {
    // A wait far longer than the test: admission must not depend on how loaded the machine is.
    const gate = new ConcurrencyGate(2, 60_000, busy);
    const { state, work } = workOn(gate);
    const first = [work(), work(), work()];
    await new Promise((resolve) => setImmediate(resolve));
    expect([state.running, state.releases.length]).toEqual([2, 2]);
    state.releases.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.releases.length).toBe(2); // the third took the place the first left
    state.releases.splice(0).forEach((release) => release());
    await Promise.all(first);
    expect(state.most).toBe(2);
    await expect(gate.run(async () => 'free again')).resolves.toBe('free again');
  });

  it('refuses who waited too long for a place', async () => {
    const gate = new ConcurrencyGate(1, 10, busy);
    const { state, work } = workOn(gate);
    const holding = work();
    const late = [work(), work()];
    await expect(late[0]).rejects.toBeInstanceOf(ServiceBusyException);
    await expect(late[1]).rejects.toMatchObject({ code: 'search.busy' });
    state.releases.splice(0).forEach((release) => release());
    await holding;
  });
});
