/**
 * Attachments chosen on the phone: the picker with its list, the client-side checks (count, size,
 * and the first bytes, as the server decides the type from the content) and the uploads one by
 * one with progress. The server stays authoritative: these checks only explain a refusal early.
 */
import { ApiError, uploadFile } from './api.js';
import { h } from './dom.js';

/** Files per report from the reporter. */
export const MAX_FILES = 5;
/** Largest file, in bytes (20 MiB). */
export const MAX_BYTES = 20 * 1024 * 1024;
/**
 * What the picker offers: images, PDF and audio, by type and by name. HEIC is not offered: the
 * server cannot re-encode it (to strip its metadata) and refuses it, and iOS Safari transcodes
 * HEIC photos to JPEG when the list names image/jpeg and neither image/heic nor image/heif. A HEIC
 * file picked some other way (a file manager, another browser) still comes as HEIC: `heicHead`
 * catches it before the upload and says what to do.
 */
export const ACCEPT = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/amr',
  'audio/wav',
  'audio/x-wav',
  'audio/ogg',
  '.jpg',
  '.jpeg',
  '.png',
  '.gif',
  '.webp',
  '.pdf',
  '.mp3',
  '.m4a',
  '.amr',
  '.wav',
  '.ogg',
  '.opus',
].join(',');
const ISO_BRANDS = ['heic', 'heix', 'mif1', 'msf1', 'M4A ', 'mp42', 'isom'];
/** Major brands of HEIC/HEIF photos (iPhones' default), which the server cannot clean and refuses. */
const HEIC_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'];
/**
 * What to do with a HEIC photo, in plain words (the server's refusal says the same): a screenshot
 * of it is a PNG, and 兼容性最佳 makes the camera take JPEG.
 */
export const HEIC_ADVICE =
  '暂时无法上传。请发送这张照片的截图，或在手机“设置 → 相机 → 格式”中选择“兼容性最佳”后重新拍摄。';

/** Whether a file's first bytes are those of a HEIC/HEIF photo. */
export function heicHead(b: Uint8Array): boolean {
  const s = String.fromCharCode(...b.subarray(0, 12));
  return s.startsWith('ftyp', 4) && HEIC_BRANDS.includes(s.slice(8, 12));
}

/** Whether a file's first bytes are those of an allowed image, PDF or audio file (as the server sniffs). */
export function allowedHead(b: Uint8Array): boolean {
  // Latin-1: one character per byte.
  const s = String.fromCharCode(...b);
  const at = (offset: number, text: string) => s.startsWith(text, offset);
  const b1 = b[1] ?? 0;
  const b2 = b[2] ?? 0;
  const mpegFrame =
    b.length >= 4 &&
    b[0] === 0xff &&
    (b1 & 0xe0) === 0xe0 &&
    ((b1 >> 3) & 3) !== 1 &&
    ((b1 >> 1) & 3) !== 0 &&
    b2 >> 4 !== 15 &&
    ((b2 >> 2) & 3) !== 3;
  const boxSize = b.length >= 12 ? ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0 : 0;
  return (
    (b[0] === 0xff && b1 === 0xd8 && b2 === 0xff) ||
    at(0, '\x89PNG\r\n\x1a\n') ||
    at(0, 'GIF87a') ||
    at(0, 'GIF89a') ||
    (at(0, 'RIFF') && (at(8, 'WEBP') || at(8, 'WAVE'))) ||
    at(0, '%PDF-') ||
    at(0, '#!AMR') ||
    at(0, 'OggS') ||
    (at(0, 'ID3') && b.length >= 4 && b[3]! >= 2 && b[3]! <= 4) ||
    mpegFrame ||
    (at(4, 'ftyp') && boxSize >= 12 && boxSize <= 4096 && ISO_BRANDS.includes(s.slice(8, 12)))
  );
}

/** What the first bytes say of a file: allowed, a HEIC photo, or not allowed. */
async function judgeHead(file: File): Promise<'ok' | 'heic' | 'refused'> {
  try {
    const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
    if (heicHead(head)) return 'heic';
    return allowedHead(head) ? 'ok' : 'refused';
  } catch {
    // A browser that cannot read the file here: the server decides.
    return 'ok';
  }
}

/** A size as people read it: 350 KB, 2.4 MB. */
export function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Why a file was not stored, in a sentence. */
export function uploadMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return '上传失败';
  if (err.code === 'NOT_FOUND') return '回执码不正确';
  return err.message;
}

/** A file picker with the list of chosen files. */
export interface Picker {
  root: HTMLElement;
  /** The files chosen and not removed, in order. */
  files: File[];
  /** Resolves once the files being checked are in the list. */
  settled(): Promise<void>;
  clear(): void;
  setError(message: string | null): void;
}

/** A picker whose test ids start with `prefix` (`file` → file-input, file-list, file-error). */
export function filePicker(prefix: string, label: string): Picker {
  const input = h('input', {
    type: 'file',
    multiple: true,
    accept: ACCEPT,
    id: `${prefix}-input`,
    class: 'file-input',
    'data-testid': `${prefix}-input`,
  });
  const list = h('ul', { class: 'files', 'data-testid': `${prefix}-list` });
  const count = h('span', { class: 'muted' });
  const error = h('div', { class: 'alert', role: 'alert', 'data-testid': `${prefix}-error`, hidden: true });
  const files: File[] = [];
  let queue = Promise.resolve();

  const setError = (message: string | null) => {
    error.textContent = message ?? '';
    error.hidden = !message;
  };
  const render = () => {
    count.textContent = `已选 ${files.length} / ${MAX_FILES} 个`;
    list.replaceChildren(
      ...files.map((file, i) =>
        h(
          'li',
          {},
          h('span', { class: 'name' }, file.name),
          h('span', { class: 'size' }, fileSize(file.size)),
          h(
            'button',
            {
              type: 'button',
              class: 'remove',
              'aria-label': `移除 ${file.name}`,
              'data-testid': `${prefix}-remove`,
              onclick: () => {
                files.splice(i, 1);
                setError(null);
                render();
              },
            },
            '移除',
          ),
        ),
      ),
    );
  };

  async function add(chosen: File[]): Promise<void> {
    const problems: string[] = [];
    for (const file of chosen) {
      const name = `「${file.name}」`;
      if (files.some((f) => f.name === file.name && f.size === file.size && f.lastModified === file.lastModified))
        problems.push(`${name}已在列表中`);
      else if (files.length >= MAX_FILES) problems.push(`${name}未添加：附件最多 ${MAX_FILES} 个`);
      else if (file.size > MAX_BYTES) problems.push(`${name}超过 20 MB，无法上传`);
      else if (file.size === 0) problems.push(`${name}是空文件，无法上传`);
      else {
        const head = await judgeHead(file);
        if (head === 'heic') problems.push(`${name}是 HEIC 格式的照片，${HEIC_ADVICE}`);
        else if (head === 'refused') problems.push(`${name}不是图片、PDF 或音频文件，无法上传`);
        else files.push(file);
      }
    }
    render();
    setError(problems.length ? problems.join('\n') : null);
  }

  input.addEventListener('change', () => {
    const chosen = [...(input.files ?? [])];
    // Cleared so that the same file can be chosen again after a removal.
    input.value = '';
    setError(null);
    queue = queue.then(() => add(chosen));
  });
  render();

  const root = h(
    'div',
    { class: 'picker' },
    input,
    h('label', { for: input.id, class: 'button secondary' }, label),
    h('p', { class: 'note' }, '可上传照片、PDF 文件或录音（MP3、M4A、AMR、WAV），最多 5 个，每个不超过 20 MB。', count),
    list,
    error,
  );
  return {
    root,
    files,
    settled: () => queue,
    clear: () => {
      files.length = 0;
      setError(null);
      render();
    },
    setError,
  };
}

/** A file that was not stored, and why. */
export interface Failed {
  name: string;
  message: string;
}

/** What happened to the files chosen with the report. */
export interface Upload {
  uploaded: number;
  failed: Failed[];
}

/**
 * Uploads `files` one after the other, telling `progress` which one is on its way. A failure
 * does not stop the others; `signal` (the reporter skipping) marks the rest as not sent.
 */
export async function uploadAll(
  receipt: string,
  files: File[],
  progress: (text: string) => void,
  signal?: AbortSignal,
): Promise<Upload> {
  let uploaded = 0;
  const failed: Failed[] = [];
  for (const [i, file] of files.entries()) {
    if (signal?.aborted) {
      failed.push({ name: file.name, message: '未上传（已跳过）' });
      continue;
    }
    const step = `正在上传 ${i + 1}/${files.length}：${file.name}`;
    progress(step);
    try {
      await uploadFile(receipt, file, (f) => progress(`${step}（${Math.round(f * 100)}%）`), signal);
      uploaded += 1;
    } catch (err) {
      failed.push({
        name: file.name,
        message: err instanceof ApiError && err.code === 'ABORTED' ? '未上传（已跳过）' : uploadMessage(err),
      });
    }
  }
  return { uploaded, failed };
}

/** The list of files that were not stored. */
export function failedList(failed: Failed[]): HTMLElement {
  return h('ul', {}, ...failed.map((f) => h('li', {}, `「${f.name}」：${f.message}`)));
}
