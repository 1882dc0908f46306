import type { SpreadsheetTemplate } from '@lumbung/platform';

/**
 * The OPDs of a region, one a row. Natural key: region + name (case and spacing ignored, as the
 * agency-name rule compares them), so a second run of the same list adds nothing.
 */
export const AGENCY_TEMPLATE: SpreadsheetTemplate = {
  kind: 'agencies',
  columns: [
    { field: 'regionCode', id: 'Kode Wilayah', en: 'Region code', required: true, example: '33.21', note: 'Kode Kemendagri kabupaten/kota (33.21) atau provinsi (33)' },
    { field: 'name', id: 'Nama OPD', en: 'Agency name', required: true, example: 'Dinas Kesehatan' },
  ],
};

/**
 * Innovations, one a row, as the registration form asks for them. Natural key: region + agency +
 * innovation name + year. `Tahun` is the year the innovation belongs to: empty means this year, a
 * past year is how last year's innovations come in (the only way to set one; the history says so).
 */
export const INNOVATION_TEMPLATE: SpreadsheetTemplate = {
  kind: 'innovations',
  columns: [
    { field: 'regionCode', id: 'Kode Wilayah', en: 'Region code', required: true, example: '33.21' },
    { field: 'agencyName', id: 'Nama OPD', en: 'Agency name', required: true, example: 'Dinas Kesehatan', note: 'Nama OPD aktif di wilayah itu' },
    { field: 'name', id: 'Nama Inovasi', en: 'Innovation name', required: true, example: 'Si Jempol: jemput bola pelayanan KTP' },
    { field: 'yearRegistered', id: 'Tahun', en: 'Year', required: false, example: '2025', note: 'Kosong: tahun ini' },
    { field: 'typeCode', id: 'Jenis Inovasi', en: 'Innovation type', required: true, example: 'teknologi', note: 'Kode jenis inovasi wilayah (produk, konsep, metode, proses, hubungan, teknologi, sdm, struktur-organisasi)' },
    { field: 'stage', id: 'Tahapan', en: 'Stage', required: true, example: 'penerapan', note: 'inisiatif, uji-coba, penerapan' },
    { field: 'initiator', id: 'Inisiator', en: 'Initiator', required: true, example: 'opd', note: 'kepala-daerah, dprd, opd, asn, masyarakat' },
    { field: 'digital', id: 'Digital', en: 'Digital', required: true, example: 'ya', note: 'ya/tidak (yes/no)' },
    { field: 'form', id: 'Bentuk Inovasi', en: 'Form', required: true, example: 'pelayanan-publik', note: 'tata-kelola, pelayanan-publik, lainnya' },
    { field: 'governmentAffair', id: 'Urusan Pemerintahan', en: 'Government affair', required: true, example: 'kesehatan' },
    { field: 'trialStartedOn', id: 'Tanggal Uji Coba', en: 'Trial started on', required: false, example: '2024-02-01', note: 'YYYY-MM-DD atau DD/MM/YYYY; wajib untuk tahapan uji-coba' },
    { field: 'implementedOn', id: 'Tanggal Penerapan', en: 'Implemented on', required: false, example: '2024-08-01', note: 'YYYY-MM-DD atau DD/MM/YYYY; wajib untuk tahapan penerapan' },
    { field: 'problem', id: 'Permasalahan', en: 'Problem', required: false, example: 'Warga harus datang ke kantor kecamatan untuk mengurus KTP.' },
    { field: 'design', id: 'Rancang Bangun', en: 'Design', required: false, example: 'Petugas datang ke desa dengan perangkat perekaman keliling.' },
    { field: 'goals', id: 'Tujuan', en: 'Goals', required: false, example: 'KTP jadi dalam satu kunjungan.' },
    { field: 'benefits', id: 'Manfaat', en: 'Benefits', required: false, example: 'Warga hemat waktu dan ongkos.' },
    { field: 'results', id: 'Hasil', en: 'Results', required: false, example: '1.200 KTP direkam di desa pada 2024.' },
  ],
};
