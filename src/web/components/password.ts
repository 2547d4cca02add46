import { passwordShapeProblem } from '../../contracts/accounts';

/** What a form that sets a password says about the rule; the server also judges how easy it is to guess. */
export const PASSWORD_RULE =
  'At least 12 characters. Common passwords and ones made from your name, email or organisation are refused.';

/**
 * The form's own check of a new password: the contract's length (in characters as seen, after
 * Unicode normalisation) and visible-characters rule, worded as the API words it.
 */
export function newPasswordError(value: string): string | null {
  const problem = passwordShapeProblem(value);
  return problem ? problem.charAt(0).toUpperCase() + problem.slice(1) : null;
}
