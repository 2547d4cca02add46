import { notifyError } from './form-errors';

/** A text field's value for the API: trimmed, and null when empty. */
export const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/**
 * Upload the file chosen in a form, if any, before saving what refers to it: its id, undefined
 * when none was chosen, or null when the upload failed (said in a notification headed `failure`).
 */
export async function uploadChosen(
  upload: (file: File) => Promise<{ id: string }>,
  file: File | null,
  failure: string,
): Promise<string | undefined | null> {
  if (!file) return undefined;
  try {
    return (await upload(file)).id;
  } catch (error) {
    notifyError(error, failure);
    return null;
  }
}
