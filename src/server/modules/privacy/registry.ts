/**
 * The registry of personal-data holders. Each module that keeps data about people contributes a
 * holder (its `privacy.ts`): how to export what it holds about one person and how to erase it,
 * both inside the caller's transaction, through the module's own repository. The privacy service
 * runs every registered holder; a new module adds its holder with `services.privacy.register(holder)`
 * and the export and erasure include it at once. This file is the shared vocabulary: modules import
 * it, it imports no module.
 */
import type { Executor } from '../../db/database';

/** The person being exported or erased: a vendor contact, with what identifies them elsewhere. */
export interface Subject {
  contactId: string;
  vendorId: string;
  name: string;
  /** Lower-cased; null when the contact has none (or was erased). */
  email: string | null;
}

export type PersonalRecord = Record<string, unknown>;

export interface PersonalDataHolder {
  /** The module's name, as it appears in the export (`vendors`, `accounts`, …). */
  name: string;
  /** What it holds, in words, for the person reading the export. */
  description: string;
  export(tx: Executor, subject: Subject): Promise<PersonalRecord[]>;
  /** Anonymise or delete the personal fields; answers how many records changed. */
  erase(tx: Executor, subject: Subject, erasedAt: string): Promise<number>;
}

/**
 * What a module keeps about a user account (by user id): the accounts holder exports and erases it
 * with each of the person's vendor user accounts, so it appears under "accounts" in the export.
 */
export interface UserDataHolder {
  /** The records about the user, each with its `kind` and the `userId`. */
  export(tx: Executor, userId: string): Promise<PersonalRecord[]>;
  /** Anonymise or delete them; answers how many records changed. */
  erase(tx: Executor, userId: string): Promise<number>;
}

/**
 * Who the people are: the vendors module finds a contact, and holds the contact row itself. Its
 * holder runs after every other one, since they find the person by the contact's email.
 */
export interface SubjectSource {
  find(tx: Executor, contactId: string): Promise<(Subject & { erased: boolean }) | undefined>;
  holder: PersonalDataHolder;
}

export function createRegistry() {
  const holders: PersonalDataHolder[] = [];
  return {
    register(holder: PersonalDataHolder) {
      if (holders.some((h) => h.name === holder.name))
        throw new Error(`A personal-data holder named ${holder.name} is registered already.`);
      holders.push(holder);
    },
    list: (): readonly PersonalDataHolder[] => holders,
  };
}
