import { describe, expect, it } from 'vitest';
import { circleLayout, regionsOf, routesOf, type NetworkRequest } from './replication-network.js';

const request = (over: Partial<NetworkRequest>): NetworkRequest => ({
  originInnovationId: 'jos',
  originInnovationName: 'Jos Pakk',
  originRegionCode: '33.19',
  adopterRegionCode: '33.21',
  status: 'requested',
  ...over,
});

describe('the province replication network', () => {
  it('draws one route per innovation and pair of regions, with how many asked and the furthest step', () => {
    const routes = routesOf([
      request({ status: 'accepted' }),
      request({ status: 'completed' }),
      request({ adopterRegionCode: '33.20', originInnovationId: 'sigap', originInnovationName: 'Sigap' }),
    ]);
    expect(routes.map((r) => [r.innovationName, r.from, r.to, r.requests, r.furthest])).toEqual([
      ['Jos Pakk', '33.19', '33.21', 2, 'completed'],
      ['Sigap', '33.19', '33.20', 1, 'requested'],
    ]);
  });

  it('leaves out what never travelled: declined, withdrawn or cancelled', () => {
    expect(routesOf([request({ status: 'declined' }), request({ status: 'withdrawn' }), request({ status: 'cancelled' })])).toEqual([]);
  });

  it('puts each region once on a circle, the same way every time', () => {
    const routes = routesOf([request({}), request({ originRegionCode: '33.21', adopterRegionCode: '33.19', originInnovationId: 'x' })]);
    expect(regionsOf(routes)).toEqual(['33.19', '33.21']);
    expect(circleLayout(['a', 'b'], 100)).toEqual({ a: { x: 100, y: 0 }, b: { x: 100, y: 200 } });
  });
});
