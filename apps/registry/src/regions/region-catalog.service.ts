import { Injectable, type OnModuleInit } from '@nestjs/common';
import { getProvinces, getRegencies } from 'idn-area-data';

export interface Region {
  code: string;
  name: string;
  level: 'province' | 'regency';
  /** The province of a regency/city; null for a province. */
  parentCode: string | null;
}

/**
 * The official Kemendagri codes of every province and regency/city, from the idn-area-data
 * package. Reference data that changes only with a new package version, so it is held in memory
 * rather than copied into a table.
 */
@Injectable()
export class RegionCatalog implements OnModuleInit {
  private readonly byCode = new Map<string, Region>();
  private readonly children = new Map<string, Region[]>();

  async onModuleInit(): Promise<void> {
    const [provinces, regencies] = await Promise.all([getProvinces(), getRegencies()]);
    for (const p of provinces) this.add({ code: p.code, name: p.name, level: 'province', parentCode: null });
    for (const r of regencies as unknown as { code: string; name: string; province_code?: string; provinceCode?: string }[]) {
      this.add({ code: r.code, name: r.name, level: 'regency', parentCode: r.province_code ?? r.provinceCode ?? r.code.slice(0, 2) });
    }
  }

  private add(region: Region): void {
    this.byCode.set(region.code, region);
    const key = region.parentCode ?? '';
    const list = this.children.get(key) ?? [];
    list.push(region);
    this.children.set(key, list);
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  /** Provinces when parent is undefined; the regencies/cities of a province otherwise. */
  list(parentCode?: string): Region[] {
    return [...(this.children.get(parentCode ?? '') ?? [])].sort((a, b) => a.code.localeCompare(b.code));
  }

  isRegency(code: string): boolean {
    return this.byCode.get(code)?.level === 'regency';
  }
}
