import { decodeCursor, encodeCursor, type ListCursor } from './innovation-cursor.js';

const id = '0b7c1a9e-4a52-4b8e-9f0e-1c2d3e4f5a6b';

describe('list cursor', () => {
  it.each<ListCursor>([
    { kind: 'recent', registeredAt: '2024-03-05T01:02:03.123456Z', id },
    { kind: 'rank', rank: '0.0607927', id },
    { kind: 'rank', rank: '6.07927e-05', id },
    { kind: 'recent', registeredAt: '2024-02-29T23:59:59.999999Z', id },
    { kind: 'recent', registeredAt: '0001-01-01T00:00:00.000000Z', id },
  ])('round-trips %p', (cursor) => {
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it.each([
    ['not base64 JSON', 'no!'],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
    ['a bad id', Buffer.from(JSON.stringify(['t', '2024-03-05T01:02:03.123456Z', "x'; drop table"])).toString('base64url')],
    ['a bad timestamp', Buffer.from(JSON.stringify(['t', 'yesterday', id])).toString('base64url')],
    ['a bad rank', Buffer.from(JSON.stringify(['r', '1; select', id])).toString('base64url')],
    ['month 13', Buffer.from(JSON.stringify(['t', '2024-13-05T01:02:03.123456Z', id])).toString('base64url')],
    ['29 February of a common year', Buffer.from(JSON.stringify(['t', '2023-02-29T01:02:03.123456Z', id])).toString('base64url')],
    ['second 60', Buffer.from(JSON.stringify(['t', '2024-03-05T01:02:60.123456Z', id])).toString('base64url')],
    ['year 0', Buffer.from(JSON.stringify(['t', '0000-03-05T01:02:03.123456Z', id])).toString('base64url')],
    ['a rank beyond float4', Buffer.from(JSON.stringify(['r', '3.5e38', id])).toString('base64url')],
    ['an infinite rank', Buffer.from(JSON.stringify(['r', 'Infinity', id])).toString('base64url')],
    ['an unknown kind', Buffer.from(JSON.stringify(['x', '1', id])).toString('base64url')],
  ])('refuses %s', (_, text) => {
    expect(decodeCursor(text)).toBeNull();
  });
});
