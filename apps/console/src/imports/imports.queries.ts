import { useMutation, useQuery } from '@tanstack/react-query';
import { sessionStore } from '../accounts/session.store.js';
import { unwrap } from '../api/api-error.js';
import { registry } from '../api/clients.js';
import type { components } from '../api/registry.js';
import { uploadTypeOf, type ImportKind } from './import-rules.js';

export type ImportJob = components['schemas']['ImportJobView'];

const base = () => `${typeof location === 'undefined' ? 'http://localhost' : location.origin}/api/registry`;
const authorization = (): Record<string, string> => {
  const token = sessionStore.accessToken();
  return token ? { authorization: `Bearer ${token}` } : {};
};

/** POST /imports with the file as the body (openapi-fetch would send it as JSON). */
export function useStartImport() {
  return useMutation({
    mutationFn: async ({ kind, file, dryRun }: { kind: ImportKind; file: File; dryRun: boolean }): Promise<ImportJob> => {
      const params = new URLSearchParams({ kind, fileName: file.name, dryRun: String(dryRun) });
      const response = await fetch(`${base()}/imports?${params}`, { method: 'POST', headers: { ...authorization(), 'content-type': uploadTypeOf(file.name) ?? 'text/csv' }, body: file });
      const body = await response.json();
      return unwrap({ data: response.ok ? (body as ImportJob) : undefined, error: response.ok ? undefined : body, response });
    },
  });
}

/** GET /imports/:id every second until the job is done or failed. */
export function useImportJob(id: string | undefined) {
  return useQuery({
    queryKey: ['import', id],
    enabled: !!id,
    queryFn: async ({ signal }) => unwrap(await registry.GET('/imports/{id}', { params: { path: { id: id! } }, signal })),
    refetchInterval: (query) => (query.state.data && ['done', 'failed'].includes(query.state.data.status) ? false : 1000),
  });
}

/** A file the API answers as an attachment, fetched with the session's token and handed to the browser to save. */
export async function download(path: string, fileName: string): Promise<void> {
  const response = await fetch(`${base()}${path}`, { headers: authorization() });
  if (!response.ok) throw new Error(`${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
