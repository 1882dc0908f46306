import { unwrap } from '../api/api-error.js';
import { registry } from '../api/clients.js';
import type { Agency, InnovationType } from '../api/registry.types.js';
import { buildRegisterBody, buildReviseBody, type InnovationDraft, type InnovationRecord } from './innovation-draft.js';

const etag = (version: number) => `"${version}"`;

export async function registerInnovation(d: InnovationDraft): Promise<InnovationRecord> {
  return unwrap(await registry.POST('/innovations', { body: buildRegisterBody(d) })) as unknown as InnovationRecord;
}

/** A revision made from the version read: a change made meanwhile answers 409 version.stale. */
export async function reviseInnovation(id: string, version: number, d: InnovationDraft): Promise<InnovationRecord> {
  return unwrap(await registry.PUT('/innovations/{id}', { params: { path: { id }, header: { 'if-match': etag(version) } }, body: buildReviseBody(d) })) as unknown as InnovationRecord;
}

/** The record as it is now, bypassing the cache: what a stale revision is compared with. */
export async function fetchInnovation(id: string): Promise<InnovationRecord> {
  return unwrap(await registry.GET('/innovations/{id}', { params: { path: { id } } })) as unknown as InnovationRecord;
}

export async function addAgency(regionCode: string, name: string): Promise<Agency> {
  return unwrap(await registry.POST('/agencies', { body: { regionCode, name } })) as Agency;
}

export async function renameAgency(agency: Agency, name: string): Promise<Agency> {
  return unwrap(await registry.PATCH('/agencies/{id}', { params: { path: { id: agency.id }, header: { 'if-match': etag(agency.version) } }, body: { name } })) as Agency;
}

export async function retireAgency(agency: Agency): Promise<Agency> {
  return unwrap(await registry.POST('/agencies/{id}/retire', { params: { path: { id: agency.id }, header: { 'if-match': etag(agency.version) } } })) as Agency;
}

export async function addInnovationType(regionCode: string, code: string, name: string): Promise<InnovationType> {
  return unwrap(await registry.POST('/regions/{code}/innovation-types', { params: { path: { code: regionCode } }, body: { code, name } })) as InnovationType;
}

export async function renameInnovationType(regionCode: string, code: string, name: string): Promise<InnovationType> {
  return unwrap(await registry.PATCH('/regions/{code}/innovation-types/{type}', { params: { path: { code: regionCode, type: code } }, body: { name } })) as InnovationType;
}

export async function retireInnovationType(regionCode: string, code: string): Promise<InnovationType> {
  return unwrap(await registry.DELETE('/regions/{code}/innovation-types/{type}', { params: { path: { code: regionCode, type: code } } })) as InnovationType;
}
