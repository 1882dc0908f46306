import { Injectable } from '@nestjs/common';
import {
  INITIATOR_LABELS,
  INNOVATION_FORM_LABELS,
  INNOVATION_STAGE_LABELS,
  type CatalogueExportQuery,
  type ComplianceExportQuery,
  type InnovationDetail,
  type InnovationSnapshot,
  type ProvinceCompliance,
  type RegionCompliance,
} from '@lumbung/contracts';
import { fileStem, type SheetColumn, type SheetExport } from '@lumbung/platform';
import { currentYear } from '../compliance/compliance-counts.js';
import { ComplianceService } from '../compliance/compliance.service.js';
import { INNOVATION_TEMPLATE } from '../imports/registry-templates.js';
import { InnovationsService } from '../innovations/innovations.service.js';

const yesNo = (value: boolean) => (value ? 'Ya' : 'Tidak');

/** The Indonesian header of an import template column: an exported catalogue reads back in as an import. */
const templateHeader = (field: string) => INNOVATION_TEMPLATE.columns.find((c) => c.field === field)!.id;

const CATALOGUE_COLUMNS: SheetColumn[] = [
  { key: 'regionCode', header: templateHeader('regionCode'), width: 12 },
  { key: 'agencyName', header: templateHeader('agencyName'), width: 36 },
  { key: 'name', header: templateHeader('name'), width: 48 },
  { key: 'yearRegistered', header: templateHeader('yearRegistered'), type: 'integer', width: 8 },
  { key: 'typeCode', header: templateHeader('typeCode'), width: 18 },
  { key: 'stage', header: templateHeader('stage'), width: 12 },
  { key: 'initiator', header: templateHeader('initiator'), width: 14 },
  { key: 'digital', header: templateHeader('digital'), width: 8 },
  { key: 'form', header: templateHeader('form'), width: 18 },
  { key: 'governmentAffair', header: templateHeader('governmentAffair'), width: 24 },
  { key: 'trialStartedOn', header: templateHeader('trialStartedOn'), type: 'date', width: 14 },
  { key: 'implementedOn', header: templateHeader('implementedOn'), type: 'date', width: 14 },
  { key: 'problem', header: templateHeader('problem'), width: 50 },
  { key: 'design', header: templateHeader('design'), width: 50 },
  { key: 'goals', header: templateHeader('goals'), width: 40 },
  { key: 'benefits', header: templateHeader('benefits'), width: 40 },
  { key: 'results', header: templateHeader('results'), width: 40 },
  { key: 'registeredAt', header: 'Didaftarkan (WIB)', type: 'datetime', width: 18 },
  { key: 'id', header: 'ID Inovasi', width: 38 },
];

/** How many records a catalogue export reads at a time: the list's own page size limit. */
const CATALOGUE_PAGE = 100;

/** The registry's tables to hand in: compliance ("Satu OPD Satu Inovasi") and the catalogue of innovations. */
@Injectable()
export class RegistryExportsService {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly innovations: InnovationsService,
  ) {}

  async complianceSheet(query: Omit<ComplianceExportQuery, 'format'>): Promise<SheetExport> {
    const year = query.year ?? currentYear();
    const report = await this.compliance.of(query.region, year);
    const name = `kepatuhan-${fileStem(report.regionName)}-${year}`;
    return report.level === 'regency' ? regencySheet(report, name) : provinceSheet(report, name);
  }

  /** One innovation, as GET /innovations/:id answers it (contact included: the same readers), in the IID report's fields. */
  async iidSheet(id: string): Promise<SheetExport> {
    const { document } = await this.innovations.getDocument(id);
    return iidSheet(JSON.parse(document) as InnovationDetail);
  }

  catalogueSheet(query: Omit<CatalogueExportQuery, 'format'>): SheetExport {
    const innovations = this.innovations;
    async function* rows(): AsyncGenerator<Record<string, unknown>> {
      let cursor: string | undefined;
      do {
        const page = await innovations.list({ region: query.region, year: query.year, limit: CATALOGUE_PAGE, cursor });
        for (const item of page.items) yield catalogueRow(item);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return { name: `katalog-inovasi-${fileStem(query.region)}${query.year ? `-${query.year}` : ''}`, sheetName: 'Katalog', columns: CATALOGUE_COLUMNS, rows: rows() };
  }
}

function catalogueRow(i: InnovationSnapshot): Record<string, unknown> {
  return { ...i, digital: yesNo(i.digital) };
}

function regencySheet(report: RegionCompliance, name: string): SheetExport {
  const rows = [...report.compliant.map((a) => ({ ...a, compliant: true })), ...report.nonCompliant.map((a) => ({ ...a, compliant: false }))]
    .sort((a, b) => a.name.localeCompare(b.name, 'id'))
    .map((a) => ({ regionCode: report.regionCode, year: report.year, name: a.name, innovations: a.innovations, compliant: yesNo(a.compliant) }));
  return {
    name,
    sheetName: 'Kepatuhan OPD',
    columns: [
      { key: 'regionCode', header: 'Kode Wilayah', width: 12 },
      { key: 'year', header: 'Tahun', type: 'integer', width: 8 },
      { key: 'name', header: 'Nama OPD', width: 48 },
      { key: 'innovations', header: 'Jumlah Inovasi', type: 'integer', width: 16 },
      { key: 'compliant', header: 'Memenuhi Satu OPD Satu Inovasi', width: 32 },
    ],
    rows,
  };
}

function provinceSheet(report: ProvinceCompliance, name: string): SheetExport {
  const rows = [...report.regencies, { ...report.provinceGovernment, regionCode: report.regionCode, regionName: `Pemerintah Provinsi ${report.regionName}` }].map((r) => ({
    ...r,
    year: report.year,
  }));
  return {
    name,
    sheetName: 'Kepatuhan Wilayah',
    columns: [
      { key: 'regionCode', header: 'Kode Wilayah', width: 12 },
      { key: 'regionName', header: 'Kabupaten/Kota', width: 36 },
      { key: 'year', header: 'Tahun', type: 'integer', width: 8 },
      { key: 'agencies', header: 'Jumlah OPD', type: 'integer', width: 12 },
      { key: 'withInnovation', header: 'OPD dengan Inovasi', type: 'integer', width: 20 },
      { key: 'withoutInnovation', header: 'OPD tanpa Inovasi', type: 'integer', width: 20 },
      { key: 'percentage', header: 'Persentase', type: 'number', width: 12 },
      { key: 'note', header: 'Catatan', width: 30 },
    ],
    rows,
  };
}

/**
 * An innovation's record as the fields of the regional innovation index (IID) report, one column per
 * field, in the order and words of the IID form (docs/spreadsheets-and-documents.md maps each to its
 * source). Fields the registry does not record (Covid-19 relation, budget) stay empty for the region
 * to fill in the IID app.
 */
export function iidSheet(i: InnovationDetail): SheetExport {
  const columns: (SheetColumn & { value: unknown })[] = [
    { key: 'name', header: 'Nama Inovasi Daerah', width: 40, value: i.name },
    { key: 'agency', header: 'Perangkat Daerah', width: 30, value: i.agencyName },
    { key: 'stage', header: 'Tahapan Inovasi', width: 14, value: INNOVATION_STAGE_LABELS[i.stage] },
    { key: 'initiator', header: 'Inisiator Inovasi Daerah', width: 18, value: INITIATOR_LABELS[i.initiator] },
    { key: 'digital', header: 'Jenis Inovasi', width: 14, value: i.digital ? 'Digital' : 'Non Digital' },
    { key: 'form', header: 'Bentuk Inovasi Daerah', width: 28, value: INNOVATION_FORM_LABELS[i.form] },
    { key: 'covid', header: 'Inovasi Terkait Covid-19', width: 14, value: null },
    { key: 'affair', header: 'Urusan Pemerintahan', width: 24, value: i.governmentAffair },
    { key: 'trial', header: 'Waktu Uji Coba Inovasi Daerah', type: 'date', width: 16, value: i.trialStartedOn },
    { key: 'implemented', header: 'Waktu Penerapan Inovasi Daerah', type: 'date', width: 16, value: i.implementedOn },
    { key: 'design', header: 'Rancang Bangun dan Pokok Perubahan', width: 60, value: [i.problem, i.design].filter(Boolean).join('\n\n') || null },
    { key: 'goals', header: 'Tujuan Inovasi Daerah', width: 40, value: i.goals },
    { key: 'benefits', header: 'Manfaat yang Diperoleh', width: 40, value: i.benefits },
    { key: 'results', header: 'Hasil Inovasi', width: 40, value: i.results },
    { key: 'budget', header: 'Anggaran', type: 'number', width: 14, value: null },
    { key: 'contact', header: 'Kontak Penanggung Jawab', width: 40, value: i.contact ? `${i.contact.name}, ${i.contact.position}, ${i.contact.phone}, ${i.contact.email}` : null },
    { key: 'evidence', header: 'Bukti Pendukung (indikator: tautan)', width: 60, value: i.evidence.map((e) => `${e.indicator}: ${e.url}`).join('\n') || null },
    { key: 'year', header: 'Tahun', type: 'integer', width: 8, value: i.yearRegistered },
  ];
  return {
    name: `iid-${fileStem(i.name)}`,
    sheetName: 'Laporan IID',
    columns: columns.map(({ value: _value, ...c }) => c),
    rows: [Object.fromEntries(columns.map((c) => [c.key, c.value]))],
  };
}
