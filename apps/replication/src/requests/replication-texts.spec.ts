import { clip, CLIPPED } from './replication-texts.js';

describe('clip', () => {
  it('keeps a text that fits, whole', () => {
    expect(clip('abc', 3)).toBe('abc');
  });

  it('cuts a longer text to the bound, marked as cut', () => {
    const cut = clip('x'.repeat(50), 20);
    expect(cut).toHaveLength(20);
    expect(cut.endsWith(CLIPPED)).toBe(true);
  });

  it('never leaves half a surrogate pair', () => {
    for (let at = 0; at < 8; at++) {
      const cut = clip('a'.repeat(at) + '😀'.repeat(20), 15);
      expect(cut.length).toBeLessThanOrEqual(15);
      expect(/\p{Cs}/u.test(cut)).toBe(false);
    }
  });
});
