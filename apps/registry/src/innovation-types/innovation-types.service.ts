import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import { DEFAULT_INNOVATION_TYPES } from '@lumbung/contracts';
import { InnovationType } from './innovation-type.entity.js';

export interface TypeView {
  code: string;
  name: string;
}

@Injectable()
export class InnovationTypesService {
  constructor(@InjectRepository(InnovationType) private readonly types: Repository<InnovationType>) {}

  /** The region's active types: its own list once edited, the default eight before that. */
  async typesOf(regionCode: string, manager?: EntityManager): Promise<TypeView[]> {
    const repo = manager ? manager.getRepository(InnovationType) : this.types;
    const own = await repo.find({ where: { regionCode }, order: { code: 'ASC' } });
    if (own.length === 0) return DEFAULT_INNOVATION_TYPES.map(({ code, name }) => ({ code, name }));
    return own.filter((t) => t.retiredAt === null).map(({ code, name }) => ({ code, name }));
  }

  async isActiveType(regionCode: string, code: string, manager?: EntityManager): Promise<boolean> {
    return (await this.typesOf(regionCode, manager)).some((t) => t.code === code);
  }
}
