/**
 * Public surface of the documents library: the official-document model, its PDF and DOCX
 * renderers, the 信访举报 templates, the clue-stage templates and the QR posters. Pure functions, no database.
 */
export * from './official.js';
export { renderPdf } from './pdf.js';
export { renderDocx } from './docx.js';
export * from './templates.js';
export * from './clue-templates.js';
export * from './poster.js';
export { loadFont, type FontRole, type LoadedFont } from './fonts.js';
