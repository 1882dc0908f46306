import { Injectable, type OnModuleInit } from '@nestjs/common';
import { getProvinces, getRegencies } from 'idn-area-data';

export interface RegionName {
  code: string;
  name: string;
}

/**
 * Kemendagri region codes and names from the idn-area-data package: reference data, not another
 * service's tables, so the nomination service reads it directly to check owner regions and to list
 * every regency/city of a province in the tracking view, the ones without entries included.
 */
@Injectable()
export class RegionNames implements OnModuleInit {
  private readonly names = new Map<string, string>();
  private readonly regencies = new Map<string, RegionName[]>();

  async onModuleInit(): Promise<void> {
    const [provinces, regencies] = await Promise.all([getProvinces(), getRegencies()]);
    for (const p of provinces) this.names.set(p.code, p.name);
    for (const r of regencies as unknown as { code: string; name: string }[]) {
      this.names.set(r.code, r.name);
      const province = r.code.slice(0, 2);
      const list = this.regencies.get(province) ?? [];
      list.push({ code: r.code, name: r.name });
      this.regencies.set(province, list);
    }
    for (const list of this.regencies.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  }

  name(code: string): string | undefined {
    return this.names.get(code);
  }

  regenciesOf(province: string): RegionName[] {
    return this.regencies.get(province) ?? [];
  }
}
