import { useMutation, useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/api-error.js';
import { nomination, registry } from '../api/clients.js';
import type { components } from '../api/registry.js';
import { serviceOf, uploadTypeOf, type ImportKind } from './import-rules.js';

export type ImportJob = components['schemas']['ImportJobView'];

/** The service that runs a kind's imports: the registry's agencies and innovations, the nomination service's national results. */
const clientOf = (kind: ImportKind) => (serviceOf(kind) === 'registry' ? registry : nomination);

/** POST /imports with the file itself as the body, sent as it is (not serialised as JSON). */
export function useStartImport() {
  return useMutation({
    mutationFn: async ({ kind, file, dryRun }: { kind: ImportKind; file: File; dryRun: boolean }): Promise<ImportJob> => {
      const request = {
        params: { query: { kind, fileName: file.name, dryRun } },
        body: file as never,
        bodySerializer: (body: unknown) => body as File,
        headers: { 'content-type': uploadTypeOf(file.name) ?? 'text/csv' },
      };
      return unwrap((await clientOf(kind).POST('/imports', request as never)) as never) as ImportJob;
    },
  });
}

/** GET /imports/:id every second until the job is done or failed. */
export function useImportJob(kind: ImportKind, id: string | undefined) {
  return useQuery({
    queryKey: ['import', serviceOf(kind), id],
    enabled: !!id,
    queryFn: async ({ signal }) => unwrap((await clientOf(kind).GET('/imports/{id}', { params: { path: { id: id! } }, signal })) as never) as ImportJob,
    refetchInterval: (query) => (query.state.data && ['done', 'failed'].includes(query.state.data.status) ? false : 1000),
  });
}

/** Saves an answer of the API (a template, a report) under a name, fetched with the session's token. */
function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function downloadTemplate(kind: ImportKind, lang: 'id' | 'en'): Promise<void> {
  const answer =
    serviceOf(kind) === 'registry'
      ? await registry.GET('/import-templates/{kind}', { params: { path: { kind: kind as 'agencies' | 'innovations' }, query: { lang } }, parseAs: 'blob' })
      : await nomination.GET('/import-templates/national-results', { params: { query: { lang } }, parseAs: 'blob' });
  save(unwrap(answer as never) as Blob, `templat-${kind}-${lang}.xlsx`);
}

export async function downloadReport(kind: ImportKind, job: ImportJob): Promise<void> {
  const answer = await clientOf(kind).GET('/imports/{id}/report', { params: { path: { id: job.id } }, parseAs: 'blob' });
  save(unwrap(answer as never) as Blob, `${job.fileName.replace(/\.(csv|xlsx)$/i, '')}.laporan.${job.format}`);
}
