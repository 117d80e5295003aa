/**
 * The keyed-hash purposes of personal identifiers that several modules store and the data
 * cross-checks join on (issue 16 and after): one purpose per kind of identifier, so the same ID
 * number hashes alike in a village's accounts, a subsidy roster and an informant's record, and
 * never alike to a receipt or a session token. Values are normalised before hashing. The clear
 * value, where a record needs it back, is sealed beside the hash with the table and column as
 * the seal's context.
 */
import { normalizeIdNumber } from './id-number.js';

/** Anything that can compute a keyed hash for a purpose (the request's or a job's keyring). */
export interface Macs {
  mac(purpose: string, value: string | Buffer): string;
}

/** Keyed-hash purpose of resident ID numbers and credit codes. */
export const MAC_PERSON_NUMBER = 'person.id-number';
/** Keyed-hash purpose of bank account numbers. */
export const MAC_BANK_ACCOUNT = 'person.bank-account';

/** The keyed hash of an ID number or credit code, normalised (spaces dropped, x upper-cased). */
export function personNumberHash(keyring: Macs, idNumber: string): string {
  return keyring.mac(MAC_PERSON_NUMBER, normalizeIdNumber(idNumber));
}

/** The keyed hash of a bank account number, digits only. */
export function bankAccountHash(keyring: Macs, account: string): string {
  return keyring.mac(MAC_BANK_ACCOUNT, account.replace(/[\s-]+/g, ''));
}
