/**
 * Public surface of the documents library: the official-document model, its PDF and DOCX
 * renderers, the six 信访举报 templates and the QR posters. Pure functions, no database.
 */
export * from './official.js';
export { renderPdf } from './pdf.js';
export { renderDocx } from './docx.js';
export * from './templates.js';
export * from './poster.js';
export { loadFont, type FontRole, type LoadedFont } from './fonts.js';
