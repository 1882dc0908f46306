/** Stages of an innovation as the IID knows them (PP 38/2017): initiative, trial, implementation. */
export const INNOVATION_STAGES = ['inisiatif', 'uji-coba', 'penerapan'] as const;
export type InnovationStage = (typeof INNOVATION_STAGES)[number];

/** Who started the innovation (PP 38/2017 lists these five initiators). */
export const INITIATORS = ['kepala-daerah', 'dprd', 'opd', 'asn', 'masyarakat'] as const;
export type Initiator = (typeof INITIATORS)[number];

/** IID "bentuk inovasi". */
export const INNOVATION_FORMS = ['tata-kelola', 'pelayanan-publik', 'lainnya'] as const;
export type InnovationForm = (typeof INNOVATION_FORMS)[number];

/**
 * The default list of innovation types a region starts with (Demak's eight). Each region may edit
 * its own list, so these are seeds, not an enum the API validates against.
 */
export const DEFAULT_INNOVATION_TYPES: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'produk', name: 'Produk' },
  { code: 'konsep', name: 'Konsep' },
  { code: 'metode', name: 'Metode' },
  { code: 'proses', name: 'Proses' },
  { code: 'hubungan', name: 'Hubungan' },
  { code: 'teknologi', name: 'Teknologi' },
  { code: 'sdm', name: 'SDM' },
  { code: 'struktur-organisasi', name: 'Struktur Organisasi' },
];

/** Replication models (PRODUCT.md): the adopter alone, a cooperation (MoU + PKS), or through a facilitator. */
export const REPLICATION_MODELS = ['mandiri', 'kerja-sama', 'fasilitasi'] as const;
export type ReplicationModel = (typeof REPLICATION_MODELS)[number];

/** How Indonesian documents (the KIPP proposal, the IID report) write the values above. */
export const INNOVATION_STAGE_LABELS: Record<InnovationStage, string> = { inisiatif: 'Inisiatif', 'uji-coba': 'Uji Coba', penerapan: 'Penerapan' };
export const INITIATOR_LABELS: Record<Initiator, string> = { 'kepala-daerah': 'Kepala Daerah', dprd: 'Anggota DPRD', opd: 'OPD', asn: 'ASN', masyarakat: 'Masyarakat' };
export const INNOVATION_FORM_LABELS: Record<InnovationForm, string> = { 'tata-kelola': 'Tata Kelola Pemerintahan Daerah', 'pelayanan-publik': 'Pelayanan Publik', lainnya: 'Bentuk Lainnya' };
