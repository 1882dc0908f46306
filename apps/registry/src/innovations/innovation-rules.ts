import { INNOVATION_STAGES, type InnovationContact, type InnovationContentDto, type InnovationSnapshot, type InnovationStage } from '@lumbung/contracts';

/** The part of the record a revision replaces; the rest moves only through stage, retire or events. */
export const CONTENT_FIELDS = [
  'name',
  'typeCode',
  'initiator',
  'digital',
  'form',
  'governmentAffair',
  'trialStartedOn',
  'implementedOn',
  'problem',
  'design',
  'goals',
  'benefits',
  'results',
  'adaptationNotes',
  'evidence',
] as const satisfies readonly (keyof InnovationSnapshot)[];

export type ContentField = (typeof CONTENT_FIELDS)[number];
export type InnovationContent = { [K in ContentField]-?: Exclude<InnovationSnapshot[K], undefined> };

export type StageDateField = 'trialStartedOn' | 'implementedOn';

/** A trial has a start date and an implementation has one (IID asks for both); an initiative has neither yet. */
export function requiredDateOf(stage: InnovationStage): StageDateField | null {
  if (stage === 'uji-coba') return 'trialStartedOn';
  if (stage === 'penerapan') return 'implementedOn';
  return null;
}

export function missingStageDate(stage: InnovationStage, dates: { trialStartedOn: string | null; implementedOn: string | null }): StageDateField | null {
  const required = requiredDateOf(stage);
  return required && !dates[required] ? required : null;
}

/** Stages only move forward (inisiatif → uji-coba → penerapan); skipping the trial is allowed. */
export function isForwardMove(from: InnovationStage, to: InnovationStage): boolean {
  return INNOVATION_STAGES.indexOf(to) > INNOVATION_STAGES.indexOf(from);
}

export type IfMatch = { kind: 'missing' } | { kind: 'invalid' } | { kind: 'version'; version: number };

/** Reads `If-Match: "3"` (also W/"3" or a bare 3). `*` is refused: it would skip the version check. */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined || header.trim() === '') return { kind: 'missing' };
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) return { kind: 'invalid' };
  const version = Number(match[1]);
  return version >= 1 ? { kind: 'version', version } : { kind: 'invalid' };
}


const blankToNull = (value: string | null | undefined): string | null => (value === undefined || value === null || value.trim() === '' ? null : value);

/** The content of a request, with absent optional fields as null, so a revision can be compared field by field. */
export function contentOf(dto: InnovationContentDto): InnovationContent {
  return {
    name: dto.name,
    typeCode: dto.typeCode,
    initiator: dto.initiator,
    digital: dto.digital,
    form: dto.form,
    governmentAffair: dto.governmentAffair,
    trialStartedOn: dto.trialStartedOn ?? null,
    implementedOn: dto.implementedOn ?? null,
    problem: blankToNull(dto.problem),
    design: blankToNull(dto.design),
    goals: blankToNull(dto.goals),
    benefits: blankToNull(dto.benefits),
    results: blankToNull(dto.results),
    adaptationNotes: blankToNull(dto.adaptationNotes),
    evidence: (dto.evidence ?? []).map((e) => ({ indicator: e.indicator, url: e.url, note: blankToNull(e.note) })),
  };
}

export function contentOfSnapshot(snapshot: InnovationSnapshot): InnovationContent {
  const content = {} as Record<ContentField, unknown>;
  for (const field of CONTENT_FIELDS) content[field] = snapshot[field] ?? null;
  content.evidence = snapshot.evidence.map((e) => ({ indicator: e.indicator, url: e.url, note: e.note ?? null }));
  return content as InnovationContent;
}

/** Names of the content fields whose values differ, in CONTENT_FIELDS order. */
export function changedFields(before: InnovationContent, after: InnovationContent): ContentField[] {
  return CONTENT_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

const JAKARTA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in Central Java (WIB), where a registration's year and a completion's date are counted. */
export function dayInJakarta(at: Date): string {
  return JAKARTA_DAY.format(at);
}

export function yearInJakarta(at: Date): number {
  return Number(dayInJakarta(at).slice(0, 4));
}

/** The contact of a request, trimmed by its DTO, or null: a revision without one removes it. */
export function contactOf(dto: InnovationContentDto): InnovationContact | null {
  const c = dto.contact;
  return c ? { name: c.name, position: c.position, phone: c.phone, email: c.email } : null;
}

/** Field by field: jsonb hands keys back in its own order, so comparing JSON texts would see a change in every stored contact. */
export function sameContact(a: InnovationContact | null, b: InnovationContact | null): boolean {
  if (a === null || b === null) return a === b;
  return a.name === b.name && a.position === b.position && a.phone === b.phone && a.email === b.email;
}
