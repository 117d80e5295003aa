/**
 * The crypto-suite module: the install's suite (`aes` or `sm`, 商用密码) recorded in the database,
 * the master key's check, and `rekey` (re-sealing every sealed value and attachment under a new
 * master key or suite). This file is its only import surface.
 */
export type { CryptoSuiteTables, CryptoSettingsRow } from './crypto-suite.tables.js';
export {
  type InstallCrypto,
  installCryptoOf,
  loadInstallCrypto,
  MAC_ROOT_CONTEXT,
  readCryptoSettings,
} from './crypto-suite.service.js';
export {
  REKEY_BATCH_ROWS,
  type RekeyOptions,
  type RekeyPlatform,
  type RekeyResult,
  RekeyInterrupted,
  runRekey,
} from './crypto-suite.rekey.js';
