import type { components } from '../api/registry.js';
import type { Innovation } from '../api/registry.types.js';

type RegisterBody = components['schemas']['RegisterInnovationDto'];
type ReviseBody = components['schemas']['ReviseInnovationDto'];

export const INITIATORS = ['kepala-daerah', 'dprd', 'opd', 'asn', 'masyarakat'] as const;
export const FORMS = ['tata-kelola', 'pelayanan-publik', 'lainnya'] as const;
/** The long descriptions of the record, in the order of the IID form. */
export const TEXT_FIELDS = ['problem', 'design', 'goals', 'benefits', 'results', 'adaptationNotes'] as const;

export interface EvidenceRow {
  indicator: string;
  url: string;
  note: string;
}

/** What the registration and revision form holds while the user types (kept in localStorage until sent). */
export interface InnovationDraft {
  regionCode: string;
  agencyId: string;
  stage: 'inisiatif' | 'uji-coba' | 'penerapan';
  name: string;
  typeCode: string;
  initiator: string;
  digital: boolean;
  form: string;
  governmentAffair: string;
  trialStartedOn: string;
  implementedOn: string;
  problem: string;
  design: string;
  goals: string;
  benefits: string;
  results: string;
  adaptationNotes: string;
  evidence: EvidenceRow[];
  contactName: string;
  contactPosition: string;
  contactPhone: string;
  contactEmail: string;
}

/** The fields a revision replaces: everything but where the record belongs and its stage. */
export const CONTENT_FIELDS = [
  'name',
  'typeCode',
  'initiator',
  'digital',
  'form',
  'governmentAffair',
  'trialStartedOn',
  'implementedOn',
  ...TEXT_FIELDS,
  'evidence',
  'contact',
] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

export const EMPTY_DRAFT: InnovationDraft = {
  regionCode: '',
  agencyId: '',
  stage: 'inisiatif',
  name: '',
  typeCode: '',
  initiator: '',
  digital: false,
  form: '',
  governmentAffair: '',
  trialStartedOn: '',
  implementedOn: '',
  problem: '',
  design: '',
  goals: '',
  benefits: '',
  results: '',
  adaptationNotes: '',
  evidence: [],
  contactName: '',
  contactPosition: '',
  contactPhone: '',
  contactEmail: '',
};

export type InnovationRecord = Innovation & { contact?: { name: string; position: string; phone: string; email: string } | null };

/** The form as a record fills it, for a revision. */
export function draftFromRecord(r: InnovationRecord): InnovationDraft {
  return {
    regionCode: r.regionCode,
    agencyId: r.agencyId,
    stage: r.stage,
    name: r.name,
    typeCode: r.typeCode,
    initiator: r.initiator,
    digital: r.digital,
    form: r.form,
    governmentAffair: r.governmentAffair,
    trialStartedOn: r.trialStartedOn ?? '',
    implementedOn: r.implementedOn ?? '',
    problem: r.problem ?? '',
    design: r.design ?? '',
    goals: r.goals ?? '',
    benefits: r.benefits ?? '',
    results: r.results ?? '',
    adaptationNotes: r.adaptationNotes ?? '',
    evidence: r.evidence.map((e) => ({ indicator: e.indicator, url: e.url, note: typeof e.note === 'string' ? e.note : '' })),
    contactName: r.contact?.name ?? '',
    contactPosition: r.contact?.position ?? '',
    contactPhone: r.contact?.phone ?? '',
    contactEmail: r.contact?.email ?? '',
  };
}

const opt = (v: string) => (v.trim() ? v.trim() : undefined);

/** The content both bodies share: blank optional texts and empty evidence rows left out. */
function contentOf(d: InnovationDraft): ReviseBody {
  const hasContact = [d.contactName, d.contactPosition, d.contactPhone, d.contactEmail].some((v) => v.trim());
  const evidence = d.evidence.filter((e) => e.indicator.trim() || e.url.trim() || e.note.trim());
  const body: ReviseBody = {
    name: d.name,
    typeCode: d.typeCode,
    initiator: d.initiator as ReviseBody['initiator'],
    digital: d.digital,
    form: d.form as ReviseBody['form'],
    governmentAffair: d.governmentAffair,
  };
  if (opt(d.trialStartedOn)) body.trialStartedOn = d.trialStartedOn.trim();
  if (opt(d.implementedOn)) body.implementedOn = d.implementedOn.trim();
  for (const key of TEXT_FIELDS) if (opt(d[key])) body[key] = d[key].trim();
  if (evidence.length > 0) body.evidence = evidence.map((e) => ({ indicator: e.indicator.trim(), url: e.url.trim(), ...(opt(e.note) ? { note: e.note.trim() } : {}) }));
  // The service asks for all four once a contact is given; sent as typed so it names each one missing.
  if (hasContact) body.contact = { name: d.contactName, position: d.contactPosition, phone: d.contactPhone, email: d.contactEmail };
  return body;
}

/** The POST /innovations body. */
export function buildRegisterBody(d: InnovationDraft): RegisterBody {
  return { ...contentOf(d), regionCode: d.regionCode, agencyId: d.agencyId, stage: d.stage };
}

/** The PUT /innovations/{id} body: a revision replaces the content, so a blanked field is cleared. */
export function buildReviseBody(d: InnovationDraft): ReviseBody {
  return contentOf(d);
}

/** One content field of a draft, comparable by value. */
function valueOf(d: InnovationDraft, field: ContentField): string {
  if (field === 'evidence') return JSON.stringify(d.evidence.map((e) => [e.indicator.trim(), e.url.trim(), e.note.trim()]));
  if (field === 'contact') return JSON.stringify([d.contactName, d.contactPosition, d.contactPhone, d.contactEmail].map((v) => v.trim()));
  const v = d[field];
  return typeof v === 'string' ? v.trim() : String(v);
}

/** The content fields that differ between two drafts. */
export function changedContent(from: InnovationDraft, to: InnovationDraft): ContentField[] {
  return CONTENT_FIELDS.filter((f) => valueOf(from, f) !== valueOf(to, f));
}

function copyField(target: InnovationDraft, source: InnovationDraft, field: ContentField): void {
  if (field === 'evidence') target.evidence = source.evidence.map((e) => ({ ...e }));
  else if (field === 'contact') Object.assign(target, { contactName: source.contactName, contactPosition: source.contactPosition, contactPhone: source.contactPhone, contactEmail: source.contactEmail });
  else Object.assign(target, { [field]: source[field] });
}

export interface StaleEdit {
  /** What others changed since the user read the record. */
  theirs: ContentField[];
  /** What the user changed. */
  mine: ContentField[];
  /** Fields both changed: re-applying puts the user's value over theirs. */
  both: ContentField[];
  /** The current record with the user's changes applied on top. */
  reapplied: InnovationDraft;
}

/**
 * A revision refused as stale (409 version.stale): what changed meanwhile, and the user's own
 * changes re-applied to the current record, so saving again keeps both where they do not overlap.
 */
export function staleEdit(base: InnovationDraft, mineNow: InnovationDraft, current: InnovationDraft): StaleEdit {
  const theirs = changedContent(base, current);
  const mine = changedContent(base, mineNow);
  const reapplied: InnovationDraft = { ...current, evidence: current.evidence.map((e) => ({ ...e })) };
  for (const field of mine) copyField(reapplied, mineNow, field);
  return { theirs, mine, both: mine.filter((f) => theirs.includes(f)), reapplied };
}
