import { nulCharacterPaths } from './validation.js';

describe('NUL characters in input', () => {
  it('names every field that holds one, in bodies, arrays and prototype-less query dictionaries', () => {
    const query = Object.assign(Object.create(null) as Record<string, unknown>, { q: 'a\u0000b', region: '33.19' });
    expect(nulCharacterPaths(query)).toEqual(['q']);
    expect(nulCharacterPaths({ name: 'ok', evidence: [{ url: 'x' }, { url: 'y\u0000' }], ['k\u0000']: 1 })).toEqual(['evidence.1.url', 'k\u0000']);
    expect(nulCharacterPaths('\u0000', 'id')).toEqual(['id']);
  });

  it('leaves class instances alone and visits each object once, so a handler argument wired to connections ends', () => {
    class Job {
      data = 'x\u0000';
    }
    const shared: Record<string, unknown> = { s: 'fine' };
    const wide = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, shared]));
    shared.back = wide;
    expect(nulCharacterPaths({ job: new Job(), wide })).toEqual([]);
  });
});
