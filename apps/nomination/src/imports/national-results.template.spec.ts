import { resultValue } from './national-results.template.js';

describe('national result spellings', () => {
  it.each([
    ['Top 99', 'top-99'],
    ['TOP-45', 'top-45'],
    ['top45', 'top-45'],
    ['Terpuji', 'terpuji'],
    ['Tidak Terpilih', 'not-selected'],
    ['not-selected', 'not-selected'],
    ['Juara 1', 'juara-1'],
  ])('reads %j as %j', (text, value) => expect(resultValue(text)).toBe(value));
});
