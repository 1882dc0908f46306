import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODES, PROBLEM_TYPE_BASE } from '@lumbung/contracts';

const ERROR_RESPONSE_REF = '#/components/schemas/ErrorResponse';
const PROBLEM_MEDIA_TYPE = 'application/problem+json';

type MediaTypes = Record<string, { schema?: { $ref?: string } }>;
type Operation = { responses?: Record<string, { description?: string; content?: MediaTypes }>; requestBody?: unknown };

/**
 * Answers no route declares because no route decides them: the platform gives them to every route
 * of a kind (the rate limit and the database to a signed-in route, the body limit and the JSON
 * parser to a route with a body, an unexpected failure to all), so a generated client knows them.
 */
const PLATFORM_ANSWERS: Array<{ status: string; applies: (op: Operation) => boolean; description: string }> = [
  { status: '413', applies: (op) => op.requestBody !== undefined, description: 'The body is larger than 1 MiB (request.too-large)' },
  { status: '415', applies: (op) => op.requestBody !== undefined, description: 'The body is not JSON (request.unsupported-media-type)' },
  { status: '429', applies: (op) => op.responses?.['401'] !== undefined, description: 'Too many requests from this token or address; retry after Retry-After (rate-limited)' },
  { status: '500', applies: () => true, description: 'An unexpected failure; the correlation id finds it in the logs (internal)' },
  { status: '503', applies: (op) => op.responses?.['401'] !== undefined, description: 'The database is unreachable or busy; retry after Retry-After (service.unavailable, read.timeout)' },
];

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
      const responses = (operation as Operation | undefined)?.responses;
      if (!responses || typeof responses !== 'object') continue;
      for (const answer of PLATFORM_ANSWERS) {
        if (!responses[answer.status] && answer.applies(operation as Operation)) {
          responses[answer.status] = { description: answer.description, content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: ERROR_RESPONSE_REF } } } };
        }
      }
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
