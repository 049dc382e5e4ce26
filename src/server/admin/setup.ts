/**
 * `POST {tenant}/v1/setup` (identity-api.md §2.10): the first admin, for any valid bearer token (no scope needed).
 * 404 plain string once the tenant has users (or is not the system tenant); 406 ProblemDetails for a weak password.
 */
import { sendEmpty, sendProblem, sendString, sendValidationProblem } from '../http.js';
import { setupPasswordProblem } from '../passwords.js';
import { createFirstAdmin, EMAIL, setupRequired } from '../setup.js';
import { HANDLED, readDto } from './body.js';
import type { Route } from './types.js';

export const setupRoutes: Route[] = [
  {
    method: 'POST',
    path: 'setup',
    policy: 'auth',
    storeErrorStatus: 500,
    handler: async (r) => {
      const dto = await readDto(r.req, r.res, { email: 'string', password: 'string' } as const, 'AdminUserDto');
      if (dto === HANDLED) return;
      const errors: Record<string, string[]> = {};
      if (!dto.email?.trim()) errors.email = ['The email field is required.'];
      else if (dto.email.length > 254) errors.email = ['The field email must be a string with a maximum length of 254.'];
      else if (!EMAIL.test(dto.email.trim())) errors.email = ['The email field is not a valid e-mail address.'];
      if (!dto.password) errors.password = ['The password field is required.'];
      else if (dto.password.length > 100) errors.password = ['The field password must be a string with a maximum length of 100.'];
      if (Object.keys(errors).length) return sendValidationProblem(r.res, errors);
      if (!setupRequired(r.svc, r.tenant)) return sendString(r.req, r.res, 404, 'Users already exist.');
      if (setupPasswordProblem(dto.password!)) return sendProblem(r.res, 406);
      if (!(await createFirstAdmin(r.svc, r.tenant, dto.email!.trim(), dto.password!, r.commit))) {
        return sendString(r.req, r.res, 404, 'Users already exist.');
      }
      sendEmpty(r.res, 200);
    },
  },
];
