import { forwardingProblem } from './forwarding-rules.js';

const kudus = { level: 'regency' as const, ownerRegionCode: '33.19', provinceCode: '33', name: 'KIPP Kudus 2022' };
const demak = { ...kudus, ownerRegionCode: '33.21', name: 'KIPP Demak 2022' };
const jateng = { level: 'province' as const, ownerRegionCode: '33', provinceCode: '33', name: 'KIPP Jateng 2022' };
const jatim = { level: 'province' as const, ownerRegionCode: '35', provinceCode: '35', name: 'KIPP Jatim 2022' };
const national = { level: 'national' as const, ownerRegionCode: null, provinceCode: null, name: 'KIPP 2023' };

describe('forwarding rules', () => {
  it('lets a regency go to its own province or to national, and a province to national', () => {
    expect(forwardingProblem(kudus, jateng)).toBeNull();
    expect(forwardingProblem(kudus, national)).toBeNull();
    expect(forwardingProblem(jateng, national)).toBeNull();
  });

  it('refuses another province, a level that is not the next, and anything from national', () => {
    expect(forwardingProblem(kudus, jatim)).toMatch(/its own province/);
    expect(forwardingProblem(kudus, demak)).toMatch(/not the next level/);
    expect(forwardingProblem(jateng, jateng)).toMatch(/not the next level/);
    expect(forwardingProblem(jateng, kudus)).toMatch(/not the next level/);
    expect(forwardingProblem(national, national)).toMatch(/not the next level/);
  });
});
