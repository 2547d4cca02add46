/** Pure rules of the escalation matrix: the shape of levels and who may be named. No I/O. */
import type { PutEscalationMatrixBody, ResponseUnit } from '../../../contracts/escalations';
import type { FieldError } from '../../errors';

export const responseMinutes = (value: number, unit: ResponseUnit) => (unit === 'hours' ? value * 60 : value);

/**
 * Every problem of a matrix: levels must run 1, 2, 3… in order; internal contacts must be active
 * internal users and vendor contacts contacts of the engagement's vendor.
 */
export function checkMatrix(
  body: PutEscalationMatrixBody,
  internal: ReadonlySet<string>,
  vendorContacts: ReadonlySet<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  body.levels.forEach((l, i) => {
    if (l.level !== i + 1)
      errors.push({
        field: `levels.${i}.level`,
        message: `must be ${i + 1}: levels run 1, 2, 3… in order, without gaps or repeats`,
      });
    l.internalContacts.forEach((id, j) => {
      if (!internal.has(id))
        errors.push({
          field: `levels.${i}.internalContacts.${j}`,
          message: 'must be the id of an active internal user',
        });
    });
    l.vendorContacts.forEach((id, j) => {
      if (!vendorContacts.has(id))
        errors.push({
          field: `levels.${i}.vendorContacts.${j}`,
          message: 'must be the id of a contact of the engagement’s vendor',
        });
    });
  });
  return errors;
}
