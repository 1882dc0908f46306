import { INITIATOR_LABELS, INNOVATION_FORM_LABELS, INNOVATION_STAGE_LABELS, type EntryDetail, type InnovationSnapshot } from '@lumbung/contracts';

/**
 * An entry's proposal in the layout of the national KIPP proposal (kelompok umum, 2023: one
 * question per aspect, with its weight; docs/spreadsheets-and-documents.md gives the source). Each
 * section is filled from the fields of the innovation record the entry snapshotted, so a region
 * types its innovation once and hands in the proposal SINOVIK asks for. Aspects the record does
 * not hold (resources, sustainability) are left for the proposer to write, and say so.
 */
export interface ProposalSection {
  heading: string;
  /** The aspect's weight in the national scoring, as a percentage. */
  weight: number;
  paragraphs: string[];
}

export interface KippProposal {
  title: string;
  subtitle: string;
  identity: [label: string, value: string][];
  sections: ProposalSection[];
  evidence: { indicator: string; url: string; note: string | null }[];
}

export const TO_BE_WRITTEN = '(Belum ada di data inovasi: diisi oleh pengusul.)';

const STAGES: Record<string, string> = INNOVATION_STAGE_LABELS;
const FORMS: Record<string, string> = INNOVATION_FORM_LABELS;
const INITIATORS: Record<string, string> = INITIATOR_LABELS;
const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** 2024-08-17 → 17 Agustus 2024, as Indonesian documents write dates. */
export function indonesianDate(day: string | null | undefined): string {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})/.exec(day) : null;
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : '-';
}

const text = (...parts: (string | null | undefined)[]) => parts.filter((p): p is string => !!p && p.trim() !== '');
const orToBeWritten = (paragraphs: string[]) => (paragraphs.length ? paragraphs : [TO_BE_WRITTEN]);

function implementation(i: InnovationSnapshot): string[] {
  return text(
    `Tahapan: ${STAGES[i.stage] ?? i.stage}.`,
    i.trialStartedOn ? `Uji coba dimulai ${indonesianDate(i.trialStartedOn)}.` : null,
    i.implementedOn ? `Diterapkan sejak ${indonesianDate(i.implementedOn)}.` : null,
  );
}

export function kippProposal(entry: EntryDetail & { editionName?: string }, regionName: string): KippProposal {
  const i = entry.snapshot;
  return {
    title: i.name,
    subtitle: `Proposal Kompetisi Inovasi Pelayanan Publik${entry.editionName ? ` — ${entry.editionName}` : ` ${entry.year}`}`,
    identity: [
      ['Judul inovasi', i.name],
      ['Instansi', regionName],
      ['Unit penyelenggara (OPD)', i.agencyName],
      ['Urusan pemerintahan', i.governmentAffair],
      ['Bentuk inovasi', FORMS[i.form] ?? i.form],
      ['Jenis inovasi', i.digital ? 'Digital' : 'Non-digital'],
      ['Inisiator', INITIATORS[i.initiator] ?? i.initiator],
      ['Tahapan', STAGES[i.stage] ?? i.stage],
    ],
    sections: [
      { heading: 'Ringkasan', weight: 0, paragraphs: orToBeWritten(text(i.goals, i.results)) },
      { heading: 'Latar Belakang dan Tujuan', weight: 10, paragraphs: orToBeWritten(text(i.problem, i.goals)) },
      { heading: 'Kebaruan / Nilai Tambah', weight: 15, paragraphs: orToBeWritten(text(i.design)) },
      { heading: 'Implementasi', weight: 5, paragraphs: implementation(i) },
      { heading: 'Signifikansi', weight: 30, paragraphs: orToBeWritten(text(i.benefits, i.results)) },
      {
        heading: 'Adaptabilitas',
        weight: 20,
        paragraphs: orToBeWritten(
          text(i.adaptationNotes, entry.replications > 0 ? `Sudah direplikasi oleh ${entry.replications} daerah lain (tercatat di Lumbung).` : null),
        ),
      },
      { heading: 'Sumber Daya', weight: 5, paragraphs: [TO_BE_WRITTEN] },
      { heading: 'Strategi Keberlanjutan', weight: 15, paragraphs: [TO_BE_WRITTEN] },
    ],
    evidence: i.evidence.map((e) => ({ indicator: e.indicator, url: e.url, note: e.note ?? null })),
  };
}
