import { useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../api/api-error.js';
import { nomination, registry, replication } from '../api/clients.js';
import type { components } from '../api/registry.js';

export type DocumentView = components['schemas']['DocumentView'];

/** Where a record's documents live: an innovation's in the registry, a replication request's in the replication service, an entry's in the nomination service. */
export type DocumentOwner = { kind: 'innovation' | 'replication-request' | 'entry'; id: string };

const keyOf = (owner: DocumentOwner) => ['documents', owner.kind, owner.id];

/** The upload form the services read: the indicator first, then the file (multipart is read in order). */
function form(indicator: string, file: File): FormData {
  const body = new FormData();
  body.append('indicator', indicator);
  body.append('file', file, file.name);
  return body;
}

export function useDocuments(owner: DocumentOwner) {
  return useQuery({
    queryKey: keyOf(owner),
    queryFn: async ({ signal }) => {
      const path = { params: { path: { id: owner.id } }, signal };
      if (owner.kind === 'innovation') return unwrap(await registry.GET('/innovations/{id}/documents', path)) as DocumentView[];
      if (owner.kind === 'replication-request') return unwrap(await replication.GET('/replication-requests/{id}/documents', path)) as DocumentView[];
      return unwrap(await nomination.GET('/entries/{id}/documents', path)) as DocumentView[];
    },
  });
}

export function useDocumentWrites(owner: DocumentOwner) {
  const client = useQueryClient();
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: keyOf(owner) }),
      // An entry's checklist completeness comes with the entry.
      owner.kind === 'entry' ? client.invalidateQueries({ queryKey: ['entry', owner.id] }) : Promise.resolve(),
    ]);
  return {
    // openapi-fetch sends a FormData body as it is, with the browser's multipart boundary.
    upload: async (indicator: string, file: File) => {
      const request = { params: { path: { id: owner.id } }, body: form(indicator, file) as never };
      if (owner.kind === 'innovation') unwrap(await registry.POST('/innovations/{id}/documents', request));
      else if (owner.kind === 'replication-request') unwrap(await replication.POST('/replication-requests/{id}/documents', request));
      else unwrap(await nomination.POST('/entries/{id}/documents', request));
      await refresh();
    },
    remove: async (documentId: string) => {
      const path = { params: { path: { id: owner.id, documentId } } };
      const answer =
        owner.kind === 'innovation'
          ? await registry.DELETE('/innovations/{id}/documents/{documentId}', path)
          : owner.kind === 'replication-request'
            ? await replication.DELETE('/replication-requests/{id}/documents/{documentId}', path)
            : await nomination.DELETE('/entries/{id}/documents/{documentId}', path);
      if (answer.error !== undefined) unwrap(answer as never);
      await refresh();
    },
    /** The bytes with the reader's own token, saved under the uploaded name. */
    download: async (doc: DocumentView) => {
      const request = { params: { path: { documentId: doc.id } }, parseAs: 'blob' as const };
      const answer =
        owner.kind === 'innovation'
          ? await registry.GET('/documents/{documentId}', request)
          : owner.kind === 'replication-request'
            ? await replication.GET('/replication-documents/{documentId}', request)
            : await nomination.GET('/entry-documents/{documentId}', request);
      const blob = unwrap(answer as never) as Blob;
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = doc.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
