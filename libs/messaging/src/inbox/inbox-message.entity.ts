import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per event a consumer has applied: the unique key turns a redelivery into a no-op. */
@Entity({ name: 'inbox' })
export class InboxMessage {
  @PrimaryColumn('text')
  consumer: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column('text')
  type: string;

  @Column({ name: 'handled_at', type: 'timestamptz', default: () => 'now()' })
  handledAt: Date;
}
