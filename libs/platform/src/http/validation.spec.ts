import { unstorableTextPaths } from './validation.js';

describe('text PostgreSQL cannot store, in input', () => {
  it('names every field that holds one, in bodies, arrays and prototype-less query dictionaries', () => {
    const query = Object.assign(Object.create(null) as Record<string, unknown>, { q: 'a\u0000b', region: '33.19' });
    expect(unstorableTextPaths(query)).toEqual(['q']);
    expect(unstorableTextPaths({ name: 'ok', evidence: [{ url: 'x' }, { url: 'y\u0000' }], ['k\u0000']: 1 })).toEqual(['evidence.1.url', 'k\u0000']);
    expect(unstorableTextPaths('\u0000', 'id')).toEqual(['id']);
  });

  it('leaves class instances alone and visits each object once, so a handler argument wired to connections ends', () => {
    class Job {
      data = 'x\u0000';
    }
    const shared: Record<string, unknown> = { s: 'fine' };
    const wide = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, shared]));
    shared.back = wide;
    expect(unstorableTextPaths({ job: new Job(), wide })).toEqual([]);
  });

  it('names unpaired surrogates, in values and keys, and lets paired ones (emoji) through', () => {
    expect(unstorableTextPaths({ name: 'Jos\ud800Pakk', note: 'x\udc00', ['k\ud83d']: 1, ok: 'Jos Pakk \ud83d\ude00' })).toEqual(['name', 'note', 'k\ud83d']);
    expect(unstorableTextPaths('\ud800', 'q')).toEqual(['q']);
    expect(unstorableTextPaths({ evidence: [{ note: '\ud83d\ude00 sehat' }] })).toEqual([]);
  });
});
