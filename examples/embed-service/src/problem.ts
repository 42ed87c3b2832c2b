import type { Response } from 'express';

/**
 * Answer with an RFC 9457 problem (`application/problem+json`): `{ type, title, status, detail, ...extra }`.
 * `type` is `about:blank` unless `extra.type` names a more specific problem.
 */
export function sendProblem(
  res: Response,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, detail, ...extra }));
}
