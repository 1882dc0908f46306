import { REPLICATION_ACTIONS, REPLICATION_MODELS, REPLICATION_STATUSES, type ReplicationAction, type ReplicationModel, type ReplicationStatus } from '@lumbung/contracts';
import { decide, isOpen, nextActions, type Party } from './replication-state-machine.js';

const origin = new Set<Party>(['origin']);
const adopter = new Set<Party>(['adopter']);
const overseer = new Set<Party>(['overseer']);
const everyone = new Set<Party>(['origin', 'adopter', 'overseer']);

/** Walks a request through actions as `everyone`, failing on the first refused step. */
function walk(model: ReplicationModel, actions: ReplicationAction[]): ReplicationStatus {
  let status: ReplicationStatus = 'requested';
  for (const action of actions) {
    const d = decide({ status, model }, action, everyone);
    if (!d.ok) throw new Error(`${action} from ${status}: ${d.message}`);
    status = d.to;
  }
  return status;
}

describe('replication state machine', () => {
  it.each(['kerja-sama', 'fasilitasi'] as const)('carries a %s request through agreement, progress, implementation and completion', (model) => {
    expect(walk(model, ['accept', 'sign-agreement', 'report-progress', 'report-progress', 'implement', 'complete'])).toBe('completed');
  });

  it('lets a mandiri request go from accepted straight to progress, and refuses it an agreement', () => {
    expect(walk('mandiri', ['accept', 'report-progress', 'implement', 'complete'])).toBe('completed');
    const signing = decide({ status: 'accepted', model: 'mandiri' }, 'sign-agreement', everyone);
    expect(signing).toMatchObject({ ok: false, reason: 'illegal', message: expect.stringMatching(/mandiri replication needs no MoU or PKS/) });
  });

  it('makes a kerja-sama request sign the agreement before any progress', () => {
    expect(decide({ status: 'accepted', model: 'kerja-sama' }, 'report-progress', adopter)).toMatchObject({
      ok: false,
      reason: 'illegal',
      message: expect.stringMatching(/MoU and PKS must be signed first/),
    });
  });

  it('refuses progress on a declined request, and every action on a final one', () => {
    expect(walk('kerja-sama', ['decline'])).toBe('declined');
    expect(decide({ status: 'declined', model: 'kerja-sama' }, 'report-progress', adopter)).toMatchObject({ ok: false, reason: 'illegal', message: expect.stringMatching(/declined, which is final/) });
    for (const status of ['declined', 'completed', 'withdrawn', 'cancelled'] as const) {
      for (const action of REPLICATION_ACTIONS) expect(decide({ status, model: 'kerja-sama' }, action, everyone).ok).toBe(false);
      expect(nextActions({ status, model: 'mandiri' }, everyone)).toEqual([]);
    }
  });

  it('keeps implementation after progress and completion after implementation', () => {
    expect(decide({ status: 'agreement-signed', model: 'kerja-sama' }, 'implement', adopter)).toMatchObject({ ok: false, reason: 'illegal' });
    expect(decide({ status: 'in-progress', model: 'kerja-sama' }, 'complete', adopter)).toMatchObject({ ok: false, reason: 'illegal' });
    expect(decide({ status: 'in-progress', model: 'kerja-sama' }, 'report-progress', adopter)).toEqual({ ok: true, to: 'in-progress' });
  });

  it('lets only the origin answer, and only the adopter progress, implement, complete and withdraw', () => {
    for (const action of ['accept', 'decline'] as const) {
      expect(decide({ status: 'requested', model: 'mandiri' }, action, origin).ok).toBe(true);
      expect(decide({ status: 'requested', model: 'mandiri' }, action, adopter)).toMatchObject({ ok: false, reason: 'forbidden', message: expect.stringMatching(/Only the origin region/) });
      expect(decide({ status: 'requested', model: 'mandiri' }, action, overseer)).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    const adopterOnly: Array<[ReplicationAction, ReplicationStatus]> = [
      ['report-progress', 'accepted'],
      ['implement', 'in-progress'],
      ['complete', 'implemented'],
      ['withdraw', 'requested'],
    ];
    for (const [action, status] of adopterOnly) {
      expect(decide({ status, model: 'mandiri' }, action, adopter).ok).toBe(true);
      expect(decide({ status, model: 'mandiri' }, action, origin)).toMatchObject({ ok: false, reason: 'forbidden', message: expect.stringMatching(/Only the adopter/) });
      expect(decide({ status, model: 'mandiri' }, action, overseer)).toMatchObject({ ok: false, reason: 'forbidden' });
    }
  });

  it('lets the origin or an overseer cancel an open request, not the adopter (who withdraws)', () => {
    expect(decide({ status: 'in-progress', model: 'kerja-sama' }, 'cancel', origin)).toEqual({ ok: true, to: 'cancelled' });
    expect(decide({ status: 'requested', model: 'kerja-sama' }, 'cancel', overseer)).toEqual({ ok: true, to: 'cancelled' });
    expect(decide({ status: 'in-progress', model: 'kerja-sama' }, 'cancel', adopter)).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('lets either party record the agreement', () => {
    expect(decide({ status: 'accepted', model: 'kerja-sama' }, 'sign-agreement', origin).ok).toBe(true);
    expect(decide({ status: 'accepted', model: 'fasilitasi' }, 'sign-agreement', adopter).ok).toBe(true);
    expect(decide({ status: 'accepted', model: 'kerja-sama' }, 'sign-agreement', overseer)).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('checks the party before the status: a stranger learns it is not theirs, not what state it is in', () => {
    expect(decide({ status: 'completed', model: 'mandiri' }, 'accept', adopter)).toMatchObject({ reason: 'forbidden' });
  });

  it('never leads anywhere but a known status, and only open statuses lead anywhere', () => {
    for (const model of REPLICATION_MODELS) {
      for (const status of REPLICATION_STATUSES) {
        for (const action of REPLICATION_ACTIONS) {
          const d = decide({ status, model }, action, everyone);
          if (d.ok) {
            expect(REPLICATION_STATUSES).toContain(d.to);
            expect(isOpen(status)).toBe(true);
          }
        }
      }
    }
  });

  it('lists the next actions of each party', () => {
    expect(nextActions({ status: 'requested', model: 'kerja-sama' }, origin)).toEqual(['accept', 'decline', 'cancel']);
    expect(nextActions({ status: 'requested', model: 'kerja-sama' }, adopter)).toEqual(['withdraw']);
    expect(nextActions({ status: 'accepted', model: 'kerja-sama' }, adopter)).toEqual(['sign-agreement', 'withdraw']);
    expect(nextActions({ status: 'accepted', model: 'mandiri' }, adopter)).toEqual(['report-progress', 'withdraw']);
    expect(nextActions({ status: 'implemented', model: 'mandiri' }, adopter)).toEqual(['complete', 'withdraw']);
  });
});
