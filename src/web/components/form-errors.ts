import { notifications } from '@mantine/notifications';
import { ApiError } from '../app/api';
import { errorMessage } from './QueryState';

interface FormLike {
  setErrors(errors: Record<string, string>): void;
  getValues(): object;
}

/**
 * Put the API's per-field errors next to the form's fields (`languages.1` lands on `languages`)
 * and show everything else in a notification. Returns true when some field took an error.
 */
export function showApiError(
  error: unknown,
  form?: FormLike,
  fieldMap: Record<string, string> = {},
): boolean {
  if (form && error instanceof ApiError && error.errors.length > 0) {
    const known = new Set(Object.keys(form.getValues()));
    const fieldErrors: Record<string, string> = {};
    const rest: string[] = [];
    for (const e of error.errors) {
      const head = e.field.split('.')[0] ?? e.field;
      const target = fieldMap[e.field] ?? fieldMap[head] ?? (known.has(e.field) ? e.field : head);
      if (known.has(target) || target.includes('.')) {
        fieldErrors[target] ??= capitalise(e.message);
      } else {
        rest.push(`${e.field} ${e.message}`);
      }
    }
    if (Object.keys(fieldErrors).length > 0) {
      form.setErrors(fieldErrors);
      if (rest.length) notifyError(new ApiError(error.status, rest.join('; ')));
      return true;
    }
  }
  notifyError(error);
  return false;
}

/** A red notification with the API's detail (a 429 says how long to wait). */
export function notifyError(error: unknown, title?: string) {
  const status = error instanceof ApiError ? error.status : 0;
  notifications.show({
    color: 'red',
    title:
      title ?? (status === 429 ? 'Too many attempts' : status === 403 ? 'Not allowed' : 'That did not work'),
    message: errorMessage(error),
    autoClose: 8000,
  });
}

/** A green notification for a change that worked. */
export function notifySuccess(message: string) {
  notifications.show({ color: 'teal', message, autoClose: 3000 });
}

function capitalise(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}
