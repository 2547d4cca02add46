/**
 * Read fragments of the vendors table for other modules' queries (a vendor's name in a list):
 * they compose these instead of naming the table, so its shape is known here only.
 */
import { joinsOf } from '../../db/fragments';

const vendors = joinsOf('vendors');

/** Each row's vendor (`joinVendor(q, 'x.vendorId', { vendorName: 'name' })`). */
export const joinVendor = vendors.inner;

/** Each row's vendor, when it may have none (the picked columns are null then). */
export const leftJoinVendor = vendors.left;
