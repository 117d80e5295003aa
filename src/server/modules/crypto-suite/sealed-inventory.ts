/**
 * Every sealed column of the database, with the context its values are sealed under (as the
 * `.seal(` call sites build it): what `rekey` must re-seal, in this order, and what a backup's
 * restore drill can open to check the key. `sealed-inventory.test.ts` reads the live schema and
 * fails when a column named `*_enc` (or `sealed`) is not listed here, or a listed one is gone.
 */

/** One sealed column. */
export interface SealedColumn {
  table: string;
  column: string;
  /** The row key the context is built from. */
  key: string;
  /** The sealing context, `{key}` standing for the row key's value (and `{blob_id}` for the blob id). */
  context: string;
  /** Attachment data keys: the blob file itself is re-encrypted when the suite changes. */
  blob?: boolean;
  /** Blob columns: the folder below the data directory whose `blobs/` store holds the files ('' for `attachments`). */
  blobRoot?: string;
  /** Where it is sealed. */
  sealedIn: string;
}

/** The inventory; `rekey` walks it in this order. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    table: 'users',
    column: 'totp_secret_enc',
    key: 'id',
    context: 'users.totp:{key}',
    sealedIn: 'auth/auth.service.ts',
  },
  {
    table: 'reports',
    column: 'reporter_enc',
    key: 'id',
    context: 'reports.reporter:{key}',
    sealedIn: 'reports/reports.service.ts',
  },
  {
    table: 'reports',
    column: 'receipt_enc',
    key: 'id',
    context: 'reports.receipt:{key}',
    sealedIn: 'reports/reports.service.ts',
  },
  {
    table: 'attachments',
    column: 'name_enc',
    key: 'id',
    context: 'attachments.name:{key}',
    sealedIn: 'attachments/attachments.service.ts',
  },
  {
    table: 'attachments',
    column: 'key_enc',
    key: 'id',
    context: 'attachments.key:{blob_id}:attachments.blob:{key}',
    blob: true,
    blobRoot: '',
    sealedIn: 'attachments/blob-store.ts (write)',
  },
  // The folders are the owning modules' `SealedFileKind.root`.
  ...(
    [
      ['case_files', 'evidence'],
      ['inspection_check_files', 'inspections'],
      ['quality_problem_files', 'quality'],
      ['rectification_files', 'rectification'],
    ] as const
  ).flatMap(([table, blobRoot]) => [
    { table, column: 'name_enc', key: 'id', context: `${table}.name:{key}`, sealedIn: 'attachments/sealed-files.ts' },
    {
      table,
      column: 'key_enc',
      key: 'id',
      context: `attachments.key:{blob_id}:${table}.blob:{key}`,
      blob: true,
      blobRoot,
      sealedIn: 'attachments/sealed-files.ts (blob-store write)',
    },
  ]),
  {
    table: 'disclosure_general_roster',
    column: 'name_enc',
    key: 'id',
    context: 'disclosure_general_roster.name_enc:{key}',
    sealedIn: 'disclosure/disclosure.general.ts',
  },
  {
    table: 'disclosure_lines',
    column: 'counterparty_enc',
    key: 'id',
    context: 'disclosure_lines.counterparty_enc:{key}',
    sealedIn: 'disclosure/disclosure.service.ts',
  },
  {
    table: 'disclosure_lines',
    column: 'party_number_enc',
    key: 'id',
    context: 'disclosure_lines.party_number_enc:{key}',
    sealedIn: 'disclosure/disclosure.service.ts',
  },
  {
    table: 'disclosure_lines',
    column: 'account_enc',
    key: 'id',
    context: 'disclosure_lines.account_enc:{key}',
    sealedIn: 'disclosure/disclosure.service.ts',
  },
  {
    table: 'grid_outposts',
    column: 'head_enc',
    key: 'id',
    context: 'grid_outpost:{key}',
    sealedIn: 'grid/grid.service.ts',
  },
  {
    table: 'grid_outposts',
    column: 'deputies_enc',
    key: 'id',
    context: 'grid_outpost:{key}',
    sealedIn: 'grid/grid.service.ts',
  },
  {
    table: 'grid_informants',
    column: 'name_enc',
    key: 'id',
    context: 'grid_informant:{key}',
    sealedIn: 'grid/grid.service.ts',
  },
  {
    table: 'grid_informants',
    column: 'phone_enc',
    key: 'id',
    context: 'grid_informant:{key}',
    sealedIn: 'grid/grid.service.ts',
  },
  {
    table: 'subsidy_lines',
    column: 'sealed',
    key: 'id',
    context: 'subsidy_lines.sealed:{key}',
    sealedIn: 'qr-supervision/qr-supervision.rosters.ts',
  },
  // The keyed-hash root after a master-key change: re-sealed by rekey itself, under the new key.
  {
    table: 'crypto_settings',
    column: 'mac_root_enc',
    key: 'id',
    context: 'crypto_settings.mac_root_enc',
    sealedIn: 'crypto-suite/crypto-suite.service.ts',
  },
];
