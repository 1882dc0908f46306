import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import { Agency } from './agency.entity.js';

@Injectable()
export class AgenciesService {
  constructor(@InjectRepository(Agency) private readonly agencies: Repository<Agency>) {}

  /** The active agency with this id, or null; reads through `manager` inside a caller's transaction. */
  findActive(id: string, manager?: EntityManager): Promise<Agency | null> {
    const repo = manager ? manager.getRepository(Agency) : this.agencies;
    return repo.findOneBy({ id, retiredAt: IsNull() });
  }
}
