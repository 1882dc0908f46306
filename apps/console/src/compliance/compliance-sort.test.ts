import { describe, expect, it } from 'vitest';
import { shareColour, sortRegencies } from './compliance-sort.js';

const rows = [
  { regionName: 'Kabupaten Kudus', agencies: 4, share: 0.5 },
  { regionName: 'Kabupaten Demak', agencies: 10, share: 0.9 },
  { regionName: 'Kabupaten Blora', agencies: 0, share: null },
  { regionName: 'Kota Semarang', agencies: 20, share: 0.5 },
  { regionName: 'Kabupaten Jepara', agencies: 3, share: 0 },
];
const names = (r: typeof rows) => r.map((x) => x.regionName);

describe('sorting the province compliance table', () => {
  it('by name, both ways', () => {
    expect(names(sortRegencies(rows, 'name', 'asc'))).toEqual(['Kabupaten Blora', 'Kabupaten Demak', 'Kabupaten Jepara', 'Kabupaten Kudus', 'Kota Semarang']);
    expect(names(sortRegencies(rows, 'name', 'desc'))[0]).toBe('Kota Semarang');
  });

  it('by share: ties by name, a regency without agencies last in both directions', () => {
    expect(names(sortRegencies(rows, 'share', 'asc'))).toEqual(['Kabupaten Jepara', 'Kabupaten Kudus', 'Kota Semarang', 'Kabupaten Demak', 'Kabupaten Blora']);
    expect(names(sortRegencies(rows, 'share', 'desc'))).toEqual(['Kabupaten Demak', 'Kabupaten Kudus', 'Kota Semarang', 'Kabupaten Jepara', 'Kabupaten Blora']);
  });

  it('by agencies', () => {
    expect(names(sortRegencies(rows, 'agencies', 'desc'))).toEqual(['Kota Semarang', 'Kabupaten Demak', 'Kabupaten Kudus', 'Kabupaten Jepara', 'Kabupaten Blora']);
  });

  it('does not change the rows it was given', () => {
    const before = names(rows);
    sortRegencies(rows, 'share', 'desc');
    expect(names(rows)).toEqual(before);
  });
});

describe('the colour of a share', () => {
  it.each([
    [null, 'gray'],
    [0, 'red'],
    [0.49, 'red'],
    [0.5, 'yellow'],
    [0.99, 'yellow'],
    [1, 'green'],
  ] as const)('%s → %s', (share, colour) => {
    expect(shareColour(share)).toBe(colour);
  });
});
