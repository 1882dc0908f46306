import type { ReplicationAction, ReplicationStatus } from './replication-actions.js';

/** One input of a step's form, named as the service's DTO names it. */
export interface StepField {
  name: string;
  kind: 'text' | 'textarea' | 'date' | 'progress-kind';
  required: boolean;
}

export const PROGRESS_KINDS = ['action-plan', 'knowledge-transfer', 'adaptation', 'trial'] as const;

/** What each step asks for (libs/contracts/src/http/replication/replication-commands.dto.ts). */
export const STEP_FIELDS: Record<ReplicationAction, StepField[]> = {
  accept: [{ name: 'note', kind: 'textarea', required: false }],
  decline: [{ name: 'reason', kind: 'textarea', required: true }],
  'sign-agreement': [
    { name: 'mouNumber', kind: 'text', required: true },
    { name: 'mouSignedOn', kind: 'date', required: true },
    { name: 'pksNumber', kind: 'text', required: true },
    { name: 'pksSignedOn', kind: 'date', required: true },
  ],
  'report-progress': [
    { name: 'kind', kind: 'progress-kind', required: true },
    { name: 'summary', kind: 'textarea', required: true },
    { name: 'happenedOn', kind: 'date', required: false },
  ],
  implement: [
    { name: 'implementedOn', kind: 'date', required: true },
    { name: 'adopterInnovationName', kind: 'text', required: false },
    { name: 'adaptationNotes', kind: 'textarea', required: false },
  ],
  complete: [{ name: 'benefitEvaluation', kind: 'textarea', required: true }],
  withdraw: [{ name: 'reason', kind: 'textarea', required: true }],
  cancel: [{ name: 'reason', kind: 'textarea', required: true }],
};

/** Steps that end the request for good: their confirm button is red. */
export const FINAL_STEPS: readonly ReplicationAction[] = ['decline', 'withdraw', 'cancel'];

/** The body the service expects: blank optional fields left out, text trimmed. */
export function stepBody(action: ReplicationAction, values: Record<string, string>): Record<string, string> {
  const body: Record<string, string> = {};
  for (const f of STEP_FIELDS[action]) {
    const v = (values[f.name] ?? '').trim();
    if (v) body[f.name] = v;
  }
  return body;
}

/** The required fields still blank, so the form says so before sending. */
export function missingFields(action: ReplicationAction, values: Record<string, string>): string[] {
  return STEP_FIELDS[action].filter((f) => f.required && !(values[f.name] ?? '').trim()).map((f) => f.name);
}

/**
 * What changed between the version the user read and the one reloaded after a 409: the new
 * status (if it moved) and the steps others took meanwhile, oldest first.
 */
export function changesSince<T extends { version: number }>(
  read: { version: number; status: ReplicationStatus },
  now: { version: number; status: ReplicationStatus },
  timeline: readonly T[],
): { statusChanged: boolean; steps: T[] } {
  return { statusChanged: read.status !== now.status, steps: timeline.filter((e) => e.version > read.version).sort((a, b) => a.version - b.version) };
}
