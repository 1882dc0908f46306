import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@lumbung/testing';
import { entityOf, parameterOf, selectListOf, tableOf, writableColumnsOf } from '../src/index.js';

@Entity({ name: 'sample_request' })
class SampleRequest {
  @PrimaryColumn('uuid') id: string;
  @Column('int') version: number;
  @Column({ name: 'implemented_on', type: 'date', nullable: true }) implementedOn: string | null;
  @Column({ type: 'jsonb', nullable: true }) agreement: { mouNumber: string; parts: string[] } | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
}

@Entity({ name: 'sample_score' })
class SampleScore {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'numeric', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) value: number;
}

/** The plain-SQL reads and writes of the hot write paths (replication steps) give what TypeORM gives. */
describe('entity columns for plain SQL (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: db.url, entities: [SampleRequest, SampleScore], synchronize: true }).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('writes a row from its entity and reads it back as TypeORM would: a date as its text, JSON with arrays, timestamps as Dates', async () => {
    const row = Object.assign(new SampleRequest(), {
      id: '8d0f5c36-6f59-4a43-9a2f-0b0f2b0e6a11',
      version: 3,
      implementedOn: '2024-09-02',
      agreement: { mouNumber: '050/12/2024', parts: ['MoU', 'PKS'] },
      closedAt: new Date('2024-09-30T17:00:00.000Z'),
    });
    const columns = writableColumnsOf(dataSource, SampleRequest);
    await dataSource.query(
      `INSERT INTO ${tableOf(dataSource, SampleRequest)} (${columns.map((c) => `"${c.column}"`).join(', ')}) VALUES (${columns.map((c, n) => `$${n + 1}${c.cast}`).join(', ')})`,
      columns.map((c) => parameterOf(c, row[c.property as keyof SampleRequest])),
    );
    const [read] = await dataSource.query(`SELECT ${selectListOf(dataSource, SampleRequest)} FROM ${tableOf(dataSource, SampleRequest)} WHERE id = $1`, [row.id]);
    const plain = entityOf(SampleRequest, read);
    expect(plain).toBeInstanceOf(SampleRequest);
    expect(plain).toEqual(await dataSource.manager.findOneBy(SampleRequest, { id: row.id }));
    expect(plain).toEqual(row);
  });

  it('reads two entities out of one joined row by their aliases, each as TypeORM would give it', async () => {
    const first = Object.assign(new SampleRequest(), { id: '0b6d3c1e-3d2a-4f0e-8c55-1f1c2d9b7a01', version: 1, implementedOn: null, agreement: null, closedAt: null });
    const second = Object.assign(new SampleRequest(), { id: '0b6d3c1e-3d2a-4f0e-8c55-1f1c2d9b7a02', version: 2, implementedOn: '2023-01-31', agreement: { mouNumber: '1', parts: [] }, closedAt: new Date('2023-02-01T00:00:00.000Z') });
    await dataSource.manager.insert(SampleRequest, [first, second]);
    const table = tableOf(dataSource, SampleRequest);
    const [row] = await dataSource.query(
      `SELECT ${selectListOf(dataSource, SampleRequest, 'a')}, ${selectListOf(dataSource, SampleRequest, 'b')} FROM ${table} a CROSS JOIN ${table} b WHERE a.id = $1 AND b.id = $2`,
      [first.id, second.id],
    );
    expect(entityOf(SampleRequest, row, 'a')).toEqual(first);
    expect(entityOf(SampleRequest, row, 'b')).toEqual(second);
    expect(entityOf(SampleRequest, row, 'b')).toBeInstanceOf(SampleRequest);
  });

  it('refuses an entity with a transformed column, which plain SQL would read untransformed', () => {
    expect(() => selectListOf(dataSource, SampleScore)).toThrow(/SampleScore\.value has a transformer/);
    expect(() => writableColumnsOf(dataSource, SampleScore)).toThrow(/SampleScore\.value has a transformer/);
  });
});
