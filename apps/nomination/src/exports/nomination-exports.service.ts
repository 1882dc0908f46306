import { Injectable } from '@nestjs/common';
import type { TrackingExportQuery, TrackingLevelStep } from '@lumbung/contracts';
import { fileStem, type Principal, type SheetExport } from '@lumbung/platform';
import { TrackingService } from '../tracking/tracking.service.js';

const step = (s: TrackingLevelStep | null, prefix: string) => ({ [`${prefix}State`]: s?.state ?? null, [`${prefix}Rank`]: s?.rank ?? null });

/** The nomination service's tables to hand in: the provincial tracking and an edition's results. */
@Injectable()
export class NominationExportsService {
  constructor(private readonly tracking: TrackingService) {}

  async trackingSheet(actor: Principal, query: Omit<TrackingExportQuery, 'format'>): Promise<SheetExport> {
    const view = await this.tracking.tracking(actor, query);
    const rows = view.regions.flatMap((region) =>
      region.entries.map((e) => ({
        regionCode: region.regionCode,
        regionName: region.regionName,
        innovationName: e.innovationName,
        agencyName: e.agencyName,
        ...step(e.regency, 'regency'),
        ...step(e.province, 'province'),
        nationalYear: e.national?.year ?? null,
        nationalResult: e.national?.nationalResult ?? null,
        reached: e.reached,
      })),
    );
    return {
      name: `pelacakan-kipp-${fileStem(query.region ?? query.province)}-${query.year}`,
      sheetName: 'Pelacakan',
      columns: [
        { key: 'regionCode', header: 'Kode Wilayah', width: 12 },
        { key: 'regionName', header: 'Kabupaten/Kota', width: 28 },
        { key: 'innovationName', header: 'Nama Inovasi', width: 44 },
        { key: 'agencyName', header: 'Nama OPD', width: 32 },
        { key: 'regencyState', header: 'Status Kabupaten/Kota', width: 20 },
        { key: 'regencyRank', header: 'Peringkat Kabupaten/Kota', type: 'integer', width: 12 },
        { key: 'provinceState', header: 'Status Provinsi', width: 18 },
        { key: 'provinceRank', header: 'Peringkat Provinsi', type: 'integer', width: 12 },
        { key: 'nationalYear', header: 'Tahun Nasional', type: 'integer', width: 10 },
        { key: 'nationalResult', header: 'Hasil Nasional', width: 16 },
        { key: 'reached', header: 'Capaian', width: 20 },
      ],
      rows,
    };
  }

  async resultsSheet(actor: Principal, editionId: string): Promise<SheetExport> {
    const { edition, rows } = await this.tracking.results(actor, editionId);
    return {
      name: `hasil-${fileStem(edition.name)}`,
      sheetName: 'Hasil',
      columns: [
        { key: 'rank', header: 'Peringkat', type: 'integer', width: 10 },
        { key: 'state', header: 'Status', width: 16 },
        { key: 'innovation_name', header: 'Nama Inovasi', width: 44 },
        { key: 'agency_name', header: 'Nama OPD', width: 32 },
        { key: 'region_code', header: 'Kode Wilayah', width: 12 },
        { key: 'proposal_score', header: 'Nilai Proposal', type: 'number', width: 14 },
        { key: 'proposal_jurors', header: 'Jumlah Juri', type: 'integer', width: 12 },
        { key: 'presentation_score', header: 'Nilai Presentasi', type: 'number', width: 16 },
        { key: 'final_score', header: 'Nilai Akhir', type: 'number', width: 12 },
        { key: 'rejection_reason', header: 'Alasan Ditolak', width: 30 },
        { key: 'disqualification_reason', header: 'Alasan Diskualifikasi', width: 30 },
        { key: 'forwarded_to', header: 'Diteruskan ke', width: 30 },
        { key: 'national_result', header: 'Hasil Nasional', width: 16 },
        { key: 'submitted_at', header: 'Diajukan (WIB)', type: 'datetime', width: 18 },
      ],
      rows,
    };
  }
}
