import type { ReplicationModel } from './replication-actions.js';
import type { CreateReplicationRequest } from './replication.types.js';

/** What the filing form holds while the user types (kept in localStorage until sent). */
export interface RequestDraft {
  model: ReplicationModel;
  adopterAgencyId: string;
  facilitatorName: string;
  reason: string;
  plan: string;
  contactName: string;
  contactPosition: string;
  contactPhone: string;
  contactEmail: string;
}

export const EMPTY_DRAFT: RequestDraft = { model: 'kerja-sama', adopterAgencyId: '', facilitatorName: '', reason: '', plan: '', contactName: '', contactPosition: '', contactPhone: '', contactEmail: '' };

/** Required fields still blank, by the names the service uses for its field errors. */
export function missingDraftFields(d: RequestDraft): string[] {
  const missing: string[] = [];
  if (!d.adopterAgencyId) missing.push('adopterAgencyId');
  if (d.model === 'fasilitasi' && !d.facilitatorName.trim()) missing.push('facilitator.name');
  if (!d.reason.trim()) missing.push('reason');
  if (!d.plan.trim()) missing.push('plan');
  if (!d.contactName.trim()) missing.push('contact.name');
  // The service asks for a way to reach the contact: a phone or an email.
  if (!d.contactPhone.trim() && !d.contactEmail.trim()) missing.push('contact');
  return missing;
}

/** The POST /replication-requests body: blank optional fields left out. */
export function buildCreateBody(originInnovationId: string, adopterRegionCode: string, d: RequestDraft): CreateReplicationRequest {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    originInnovationId,
    adopterRegionCode,
    adopterAgencyId: d.adopterAgencyId,
    model: d.model,
    ...(d.model === 'fasilitasi' ? { facilitator: { name: d.facilitatorName.trim() } } : {}),
    reason: d.reason.trim(),
    plan: d.plan.trim(),
    contact: { name: d.contactName.trim(), position: opt(d.contactPosition), phone: opt(d.contactPhone), email: opt(d.contactEmail) },
  };
}
