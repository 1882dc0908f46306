/** An API's refusal, with the stable code the services put in every error answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly body: unknown,
  ) {
    super(`${status}${code ? ` ${code}` : ''}`);
  }
}

/** Unwraps an openapi-fetch answer: the data, or an ApiError TanStack Query can hold. */
export function unwrap<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.error !== undefined || answer.data === undefined) {
    const body = answer.error as { code?: string } | undefined;
    throw new ApiError(answer.response.status, typeof body?.code === 'string' ? body.code : null, body);
  }
  return answer.data;
}
