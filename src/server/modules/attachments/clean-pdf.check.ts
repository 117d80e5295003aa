/**
 * PDFs are parsed with pdf-lib (object streams included, so keywords hidden in compressed object
 * streams are seen), checked for active content, stripped of document metadata and written anew
 * from the parsed objects only. The stored file is therefore exactly what was checked: objects
 * the parser did not see, earlier revisions of incremental updates and bytes after `%%EOF` are
 * not in it. This file runs inside the PDF worker (clean-pdf.worker.ts); the server calls
 * `cleanPdf` in clean-pdf.ts, which hands the file to that worker.
 *
 * Refused (FILE_ACTIVE_CONTENT): JavaScript anywhere (`/JS`, `/JavaScript` name trees, `/S
 * /JavaScript` actions), an `/OpenAction` or `/AA` (additional actions) that is not a plain jump
 * to a page, launch, submit-form, import-data, remote or embedded go-to, rendition, sound, movie
 * and rich-media actions, embedded files (`/EmbeddedFiles`, `/EF`, `/Type /EmbeddedFile`, file
 * attachment annotations), rich media, screen, movie, sound and 3D annotations, and XFA forms.
 * Removed: the Info dictionary (author, producer, creator tool, dates), every `/Metadata` (XMP)
 * stream and `/PieceInfo` (application private data), and every object no longer reachable from
 * the document catalog. Encrypted and unparsable PDFs are refused (FILE_UNREADABLE).
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream } from 'pdf-lib';
import { DomainError, domainError } from '../../shared/errors.js';
import { type CleanedFile, unreadable } from './clean-image.js';

/** Objects parsed or written between two yields of pdf-lib's own loop (it runs in the worker thread). */
const OBJECTS_PER_TICK = 50;

/** Dictionary keys whose mere presence is active content. */
const ACTIVE_KEYS = new Set([
  'JS',
  'JavaScript',
  'AA',
  'EmbeddedFiles',
  'EmbeddedFile',
  'EF',
  'XFA',
  'RichMediaContent',
  'RichMediaSettings',
  'Launch',
]);

/** Action types (`/S`) that run, open or send something. */
const ACTIVE_ACTIONS = new Set([
  'JavaScript',
  'Launch',
  'SubmitForm',
  'ImportData',
  'GoToR',
  'GoToE',
  'Rendition',
  'Sound',
  'Movie',
  'RichMediaExecute',
]);

/** Annotation and object subtypes (`/Subtype`, `/Type`) that carry files, media or script. */
const ACTIVE_TYPES = new Set(['EmbeddedFile', 'FileAttachment', 'RichMedia', 'Screen', 'Movie', 'Sound', '3D']);

/** Keys of private or descriptive data that are removed wherever they appear. */
const METADATA_KEYS = ['Metadata', 'PieceInfo'];

function activeContent(found: string): DomainError {
  return domainError(
    'FILE_ACTIVE_CONTENT',
    { field: 'file', reason: 'active_content', found },
    'PDF 文件含有脚本、内嵌文件或自动操作，不能上传；请用“打印为 PDF”另存一份普通 PDF 后再上传',
  );
}

/** `name` without its leading slash, or undefined if `value` is not a name. */
function nameOf(value: unknown): string | undefined {
  return value instanceof PDFName ? value.decodeText() : undefined;
}

/** Throws FILE_ACTIVE_CONTENT for a dictionary that is (or directly holds) active content. */
function checkDict(dict: PDFDict): void {
  for (const [key, value] of dict.entries()) {
    const k = key.decodeText();
    if (ACTIVE_KEYS.has(k)) throw activeContent(k);
    if (k === 'S' && ACTIVE_ACTIONS.has(nameOf(value) ?? '')) throw activeContent(`S/${nameOf(value)}`);
    if ((k === 'Type' || k === 'Subtype') && ACTIVE_TYPES.has(nameOf(value) ?? '')) {
      throw activeContent(`${k}/${nameOf(value)}`);
    }
    if (k === 'OpenAction') {
      // A destination (an array) is a plain jump; an action must be a GoTo (its /S is checked where the dict is walked).
      const action = value instanceof PDFRef ? dict.context.lookup(value) : value;
      if (action instanceof PDFDict && nameOf(action.get(PDFName.of('S'))) !== 'GoTo') {
        throw activeContent(`OpenAction/${nameOf(action.get(PDFName.of('S'))) ?? '?'}`);
      }
    }
  }
}

/** Walks a direct object (and the direct objects inside it), checking every dictionary. */
function walk(value: unknown, visit: (dict: PDFDict) => void): void {
  if (value instanceof PDFStream) {
    walk(value.dict, visit);
  } else if (value instanceof PDFDict) {
    visit(value);
    for (const [, child] of value.entries()) walk(child, visit);
  } else if (value instanceof PDFArray) {
    for (const child of value.asArray()) walk(child, visit);
  }
}

/** Every indirect reference held by a direct object. */
function refsIn(value: unknown, out: PDFRef[]): void {
  if (value instanceof PDFRef) out.push(value);
  else if (value instanceof PDFStream) refsIn(value.dict, out);
  else if (value instanceof PDFDict) for (const [, child] of value.entries()) refsIn(child, out);
  else if (value instanceof PDFArray) for (const child of value.asArray()) refsIn(child, out);
}

/**
 * Checks and cleans a PDF (see the file comment) on the calling thread. Returns the rewritten
 * file; throws FILE_ACTIVE_CONTENT or FILE_UNREADABLE. The server uses `cleanPdf` (clean-pdf.ts),
 * which runs this in a worker thread.
 */
export async function cleanPdfInThread(input: Buffer): Promise<CleanedFile> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(input, {
      updateMetadata: false,
      throwOnInvalidObject: true,
      parseSpeed: OBJECTS_PER_TICK,
    });
  } catch (err) {
    if (err instanceof Error && err.name === 'EncryptedPDFError') {
      throw unreadable('pdf', 'PDF 文件已加密，请取消密码保护后再上传');
    }
    throw unreadable('pdf', 'PDF 文件已损坏或无法识别，请重新选择');
  }
  try {
    return await checkAndRewrite(doc);
  } catch (err) {
    // Whatever breaks the walk or the writer (a nesting deep enough to exhaust the stack) is refused, not a 500.
    if (err instanceof DomainError) throw err;
    throw unreadable('pdf', 'PDF 文件已损坏或无法识别，请重新选择');
  }
}

/** Checks every parsed object for active content, strips metadata and writes the reachable objects. */
async function checkAndRewrite(doc: PDFDocument): Promise<CleanedFile> {
  const context = doc.context;
  if (context.trailerInfo.Encrypt) throw unreadable('pdf', 'PDF 文件已加密，请取消密码保护后再上传');
  // Every object the parser found is checked, reachable or not.
  walk(context.trailerInfo.Root, checkDict);
  for (const [, object] of context.enumerateIndirectObjects()) walk(object, checkDict);

  for (const [, object] of context.enumerateIndirectObjects()) {
    walk(object, (dict) => {
      for (const key of METADATA_KEYS) dict.delete(PDFName.of(key));
    });
  }
  context.trailerInfo.Info = undefined;
  context.trailerInfo.ID = undefined;

  // Keep only what the catalog reaches: the metadata streams and Info dictionary just unlinked,
  // and anything unreferenced, are not written.
  const root = context.trailerInfo.Root;
  if (!(root instanceof PDFRef)) throw unreadable('pdf');
  const reachable = new Set<string>();
  const queue: PDFRef[] = [root];
  while (queue.length > 0) {
    const ref = queue.pop()!;
    const key = ref.toString();
    if (reachable.has(key)) continue;
    reachable.add(key);
    const refs: PDFRef[] = [];
    refsIn(context.lookup(ref), refs);
    queue.push(...refs);
  }
  for (const [ref] of context.enumerateIndirectObjects()) if (!reachable.has(ref.toString())) context.delete(ref);

  const bytes = Buffer.from(
    await doc.save({
      useObjectStreams: false,
      updateFieldAppearances: false,
      addDefaultPage: false,
      objectsPerTick: OBJECTS_PER_TICK,
    }),
  );
  return { bytes, contentType: 'application/pdf' };
}
