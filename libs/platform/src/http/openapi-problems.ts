import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODES, PROBLEM_TYPE_BASE } from '@lumbung/contracts';

const ERROR_RESPONSE_REF = '#/components/schemas/ErrorResponse';
const PROBLEM_MEDIA_TYPE = 'application/problem+json';

type MediaTypes = Record<string, { schema?: { $ref?: string } }>;

/**
 * The document as clients must read it: every error answer documented with the ErrorResponse
 * schema is served as application/problem+json (ProblemDetailsFilter), whatever media type the
 * route's success answer has (@ApiProduces('text/csv')), so a generated client parses it as the
 * problem it is. The catalogue of codes goes into the schema's description, one line per code,
 * so the documents list every code a client may meet.
 */
export function problemResponsesIn(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(path)) {
      const responses = (operation as { responses?: Record<string, { content?: MediaTypes }> } | undefined)?.responses;
      if (!responses || typeof responses !== 'object') continue;
      for (const [status, response] of Object.entries(responses)) {
        if (!/^[45]/.test(status) || !response?.content) continue;
        const schema = Object.values(response.content).find((media) => media.schema?.$ref === ERROR_RESPONSE_REF)?.schema;
        if (schema) response.content = { [PROBLEM_MEDIA_TYPE]: { schema } };
      }
    }
  }
  const errorResponse = document.components?.schemas?.ErrorResponse as { description?: string } | undefined;
  if (errorResponse) errorResponse.description = catalogueDescription();
  return document;
}

function catalogueDescription(): string {
  const lines = Object.entries(ERROR_CODES).map(([code, { status, meaning }]) => `- \`${code}\` (${[status].flat().join(', ')}): ${meaning}`);
  return [
    `An RFC 9457 problem details document (${PROBLEM_MEDIA_TYPE}). \`type\` is ${PROBLEM_TYPE_BASE} followed by \`code\`.`,
    'Codes (the top-level `code`, and `errors[].code` on a 400):',
    ...lines,
  ].join('\n');
}
