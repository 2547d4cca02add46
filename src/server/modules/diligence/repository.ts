/** The only code that touches the diligence tables. */
import type { Executor } from '../../db/database';
import type { CertificationRow, PastClientRow, VendorReferenceRow } from '../../db/schema';
import { countForVendorIn, settingsRow } from '../../db/shared-queries';
import { joinVendor } from '../vendors/queries';

/** Latest expiry first: the current certificate before the ones it replaced. */
export const certificationsOf = (db: Executor, vendorId: string) =>
  db
    .selectFrom('certifications')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .orderBy('expiresOn', 'desc')
    .orderBy('id')
    .execute();

/** Certificates of some vendors expiring on or after `since`, with the vendor's name (calendar feeds). */
export const expiringFrom = (db: Executor, vendorIds: string[], since: string) =>
  vendorIds.length
    ? joinVendor(
        db
          .selectFrom('certifications')
          .select([
            'certifications.id',
            'certifications.standard',
            'certifications.standardName',
            'certifications.expiresOn',
            'certifications.vendorId',
          ]),
        'certifications.vendorId',
        { vendorName: 'name' },
      )
        .where('certifications.vendorId', 'in', vendorIds)
        .where('certifications.expiresOn', '>=', since)
        .limit(5000)
        .execute()
    : Promise.resolve([]);

/**
 * Lock a certificate's row until the transaction ends (PostgreSQL; SQLite runs one transaction at a
 * time): a verification, a change or a removal waits for a concurrent one and reads what it wrote —
 * so a vendor user cannot remove a certificate being verified, nor a verification stick to content
 * the verifier did not see.
 */
export const lockCertification = (db: Executor, id: string) =>
  db.selectFrom('certifications').select('id').where('id', '=', id).forUpdate().executeTakeFirst();

export const findCertification = (db: Executor, vendorId: string, id: string) =>
  db
    .selectFrom('certifications')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertCertification = (db: Executor, row: CertificationRow) =>
  db.insertInto('certifications').values(row).execute();

export const updateCertification = (db: Executor, id: string, patch: Partial<CertificationRow>) =>
  db.updateTable('certifications').set(patch).where('id', '=', id).execute();

export const removeCertification = (db: Executor, id: string) =>
  db.deleteFrom('certifications').where('id', '=', id).execute();

/** Certificates whose expiry date lies in [from, to], in pages by id, for the reminder run. */
export const expiringBetween = (
  db: Executor,
  from: string,
  to: string,
  afterId: string | null,
  size: number,
) => {
  let q = db
    .selectFrom('certifications')
    .selectAll()
    .where('expiresOn', '>=', from)
    .where('expiresOn', '<=', to)
    .orderBy('id')
    .limit(size);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
};

// References

export const referencesOf = (db: Executor, vendorId: string) =>
  db
    .selectFrom('vendorReferences')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .orderBy('checkedOn', 'desc')
    .orderBy('id', 'desc')
    .execute();

export const findReference = (db: Executor, vendorId: string, id: string) =>
  db
    .selectFrom('vendorReferences')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertReference = (db: Executor, row: VendorReferenceRow) =>
  db.insertInto('vendorReferences').values(row).execute();

export const updateReference = (db: Executor, id: string, patch: Partial<VendorReferenceRow>) =>
  db.updateTable('vendorReferences').set(patch).where('id', '=', id).execute();

export const removeReference = (db: Executor, id: string) =>
  db.deleteFrom('vendorReferences').where('id', '=', id).execute();

/** Reference checks, of any vendor, whose contact has this (lower-cased) email. */
export const referencesNaming = (db: Executor, email: string) =>
  db
    .selectFrom('vendorReferences')
    .select([
      'id',
      'vendorId',
      'refereeOrganisation',
      'contactName',
      'contactEmail',
      'contactPhone',
      'checkedOn',
    ])
    .where((eb) => eb(eb.fn('lower', ['contactEmail']), '=', email))
    .execute();

// Past clients

export const pastClientsOf = (db: Executor, vendorId: string) =>
  db
    .selectFrom('pastClients')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .orderBy('client')
    .orderBy('id')
    .execute();

export const findPastClient = (db: Executor, vendorId: string, id: string) =>
  db
    .selectFrom('pastClients')
    .selectAll()
    .where('vendorId', '=', vendorId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertPastClient = (db: Executor, row: PastClientRow) =>
  db.insertInto('pastClients').values(row).execute();

export const updatePastClient = (db: Executor, id: string, patch: Partial<PastClientRow>) =>
  db.updateTable('pastClients').set(patch).where('id', '=', id).execute();

export const removePastClient = (db: Executor, id: string) =>
  db.deleteFrom('pastClients').where('id', '=', id).execute();

/** Everything of a vendor's diligence record, for the vendor's deletion guard. */
export const countForVendor = (db: Executor, vendorId: string): Promise<number> =>
  countForVendorIn(db, ['certifications', 'vendorReferences', 'pastClients'], vendorId);

// Settings

const settings = settingsRow('diligenceSettings');
export const getSettings = settings.get;
export const putSettings = settings.put;
