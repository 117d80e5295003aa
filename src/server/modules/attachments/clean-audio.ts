/**
 * Audio is cleaned without decoding it (no codec is needed), format by format, and a file whose
 * body is not audio frames of its format is refused (FILE_UNREADABLE):
 *
 * - MP3: ID3v2 tags in front, ID3v1, APEv2, Lyrics3 and appended ID3v2 tags at the end are cut,
 *   then only the chain of valid MPEG audio frames is kept (anything between or after is dropped;
 *   at least two frames are required).
 * - WAV: rebuilt from its `fmt `, `fact` and `data` chunks only (LIST/INFO, `id3 `, `bext`, iXML
 *   and every other chunk are dropped).
 * - M4A (MP4 audio): every `udta`, `meta` and `uuid` box (iTunes tags, ©xyz location, XMP) is
 *   turned into a `free` box of the same size with zeroed content, as is any `free`/`skip`
 *   padding, and the creation and modification times in `mvhd`, `tkhd` and `mdhd` are zeroed;
 *   sizes and offsets do not change, so the audio plays as before. A file with a video track is
 *   refused (FILE_TYPE_NOT_ALLOWED): it is not audio.
 * - Ogg (Vorbis, Opus): the comment header's vendor string and every comment are overwritten in
 *   place (comments become `X=` and spaces) and the pages' checksums recomputed. Other Ogg
 *   streams (video) are refused.
 * - AMR, AMR-WB: the format has no metadata; only the chain of valid frames is kept.
 */
import { DomainError, domainError } from '../../shared/errors.js';
import { type CleanedFile, unreadable } from './clean-image.js';
import type { AllowedContentType } from './sniff.js';

const noAudio = () => unreadable('audio', '音频文件已损坏或无法识别，请重新选择');

// ---- MP3 ----

const MPEG1_BITRATES = [
  [], // layer "0" is reserved
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320], // layer III
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384], // layer II
  [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448], // layer I
];
const MPEG2_BITRATES = [
  [],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
];
const SAMPLE_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

/** Length in bytes of the MPEG audio frame at `at`, or 0 if there is none (free-format frames included). */
function mpegFrameLength(b: Buffer, at: number): number {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return 0;
  const version = (b[at + 1]! >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
  const layer = (b[at + 1]! >> 1) & 3; // 1 = III, 2 = II, 3 = I
  const bitrateIndex = b[at + 2]! >> 4;
  const rateIndex = (b[at + 2]! >> 2) & 3;
  const padding = (b[at + 2]! >> 1) & 1;
  if (version === 1 || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return 0;
  const kbps = (version === 3 ? MPEG1_BITRATES : MPEG2_BITRATES)[layer]![bitrateIndex]! * 1000;
  const rate = SAMPLE_RATES[version]![rateIndex]!;
  if (layer === 3) return (Math.floor((12 * kbps) / rate) + padding) * 4;
  const perFrame = layer === 1 && version !== 3 ? 72 : 144;
  return Math.floor((perFrame * kbps) / rate) + padding;
}

function syncsafe(b: Buffer, at: number): number {
  return ((b[at]! & 0x7f) << 21) | ((b[at + 1]! & 0x7f) << 14) | ((b[at + 2]! & 0x7f) << 7) | (b[at + 3]! & 0x7f);
}

function ascii(b: Buffer, at: number, text: string): boolean {
  return at >= 0 && at + text.length <= b.length && b.toString('latin1', at, at + text.length) === text;
}

function cleanMp3(b: Buffer): Buffer {
  let start = 0;
  while (ascii(b, start, 'ID3') && start + 10 <= b.length) {
    start += 10 + syncsafe(b, start + 6) + (b[start + 5]! & 0x10 ? 10 : 0);
  }
  let end = b.length;
  for (let changed = true; changed && end > start;) {
    changed = false;
    if (ascii(b, end - 128, 'TAG')) {
      end -= ascii(b, end - 128 - 227, 'TAG+') ? 128 + 227 : 128;
      changed = true;
    } else if (ascii(b, end - 32, 'APETAGEX')) {
      const size = b.readUInt32LE(end - 32 + 12);
      const header = b.readUInt32LE(end - 32 + 20) & 0x80000000 ? 32 : 0;
      end -= size + header;
      changed = true;
    } else if (ascii(b, end - 10, '3DI')) {
      end -= 20 + syncsafe(b, end - 4);
      changed = true;
    } else if (ascii(b, end - 9, 'LYRICS200') && end - 15 >= 0) {
      const size = Number(b.toString('latin1', end - 15, end - 9));
      if (!Number.isInteger(size)) break;
      end -= 15 + size;
      changed = true;
    }
  }
  const frames: Buffer[] = [];
  let at = start;
  for (;;) {
    const length = mpegFrameLength(b, at);
    if (length === 0 || at + length > end) break;
    frames.push(b.subarray(at, at + length));
    at += length;
  }
  if (frames.length < 2) throw noAudio();
  return Buffer.concat(frames);
}

// ---- WAV ----

function cleanWav(b: Buffer): Buffer {
  if (b.length < 12 || !ascii(b, 0, 'RIFF') || !ascii(b, 8, 'WAVE')) throw noAudio();
  const kept: Buffer[] = [];
  let fmt = false;
  let data = false;
  for (let at = 12; at + 8 <= b.length && !data;) {
    const id = b.toString('latin1', at, at + 4);
    // Writers that stream leave the data size at 0 or 0xffffffff: the data is the rest of the file.
    let size = b.readUInt32LE(at + 4);
    if (id === 'data' && (size === 0 || at + 8 + size > b.length)) size = b.length - at - 8;
    if (at + 8 + size > b.length) throw noAudio();
    if (id === 'fmt ' || id === 'fact' || id === 'data') {
      const chunk = Buffer.alloc(8 + size + (size & 1));
      b.copy(chunk, 0, at, at + 8 + size);
      chunk.writeUInt32LE(size, 4);
      kept.push(chunk);
      if (id === 'fmt ') fmt = size >= 16;
      if (id === 'data') data = fmt && size > 0;
    }
    at += 8 + size + (size & 1);
  }
  if (!fmt || !data) throw noAudio();
  const head = Buffer.from('RIFF\0\0\0\0WAVE', 'latin1');
  const out = Buffer.concat([head, ...kept]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

// ---- AMR ----

/** Frame sizes (header byte included) by frame type; 0 marks a reserved type. */
const AMR_NB_FRAMES = [13, 14, 16, 18, 20, 21, 27, 32, 6, 0, 0, 0, 0, 0, 0, 1];
const AMR_WB_FRAMES = [18, 24, 33, 37, 41, 47, 51, 59, 61, 6, 0, 0, 0, 0, 1, 1];

function cleanAmr(b: Buffer, wideband: boolean): Buffer {
  const magic = wideband ? '#!AMR-WB\n' : '#!AMR\n';
  const sizes = wideband ? AMR_WB_FRAMES : AMR_NB_FRAMES;
  if (!ascii(b, 0, magic)) throw noAudio();
  let at = magic.length;
  let frames = 0;
  while (at < b.length) {
    const size = sizes[(b[at]! >> 3) & 0x0f]!;
    if (size === 0 || (b[at]! & 0x83) !== 0 || at + size > b.length) break;
    at += size;
    frames += 1;
  }
  if (frames === 0) throw noAudio();
  return Buffer.from(b.subarray(0, at));
}

// ---- MP4 ----

/** Boxes whose children are walked. */
const MP4_CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf', 'mvex', 'moof', 'traf']);
/** Boxes that hold tags, location or XMP: blanked into `free`. */
const MP4_METADATA = new Set(['udta', 'meta', 'uuid', 'free', 'skip', 'ID32', 'Xtra']);
/** Boxes whose creation and modification times are zeroed. */
const MP4_TIMED = new Set(['mvhd', 'tkhd', 'mdhd']);

function cleanMp4(input: Buffer): Buffer {
  const b = Buffer.from(input);
  let moov = false;
  let mdat = false;
  const walkBoxes = (from: number, to: number, depth: number): void => {
    for (let at = from; at < to;) {
      if (at + 8 > to) throw noAudio();
      let size = b.readUInt32BE(at);
      const type = b.toString('latin1', at + 4, at + 8);
      let header = 8;
      if (size === 1) {
        if (at + 16 > to) throw noAudio();
        const large = b.readBigUInt64BE(at + 8);
        if (large > BigInt(to - at)) throw noAudio();
        size = Number(large);
        header = 16;
      } else if (size === 0) {
        size = to - at;
      }
      if (size < header || at + size > to) throw noAudio();
      if (type === 'moov') moov = true;
      if (type === 'mdat') mdat = true;
      if (MP4_METADATA.has(type)) {
        b.write('free', at + 4, 'latin1');
        b.fill(0, at + header, at + size);
      } else if (MP4_TIMED.has(type)) {
        const version = b[at + header];
        const timeBytes = version === 1 ? 16 : 8;
        if (size >= header + 4 + timeBytes) b.fill(0, at + header + 4, at + header + 4 + timeBytes);
      } else if (type === 'hdlr' && size >= header + 12) {
        if (b.toString('latin1', at + header + 8, at + header + 12) === 'vide') {
          throw domainError(
            'FILE_TYPE_NOT_ALLOWED',
            { field: 'file', reason: 'video' },
            '不能上传视频文件，请上传图片、PDF 或音频',
          );
        }
      } else if (MP4_CONTAINERS.has(type) && depth < 8) {
        walkBoxes(at + header, at + size, depth + 1);
      }
      at += size;
    }
  };
  walkBoxes(0, b.length, 0);
  if (!moov || !mdat) throw noAudio();
  return b;
}

// ---- Ogg ----

const OGG_CRC = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggCrc(page: Buffer): number {
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ OGG_CRC[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

interface OggPage {
  start: number;
  end: number;
  serial: number;
  /** Segment lengths and where each segment's bytes start. */
  segments: { at: number; length: number }[];
}

function oggPages(b: Buffer): OggPage[] {
  const pages: OggPage[] = [];
  let at = 0;
  while (at + 27 <= b.length && ascii(b, at, 'OggS') && b[at + 4] === 0) {
    const count = b[at + 26]!;
    if (at + 27 + count > b.length) break;
    let bodyAt = at + 27 + count;
    const segments: OggPage['segments'] = [];
    for (let i = 0; i < count; i++) {
      const length = b[at + 27 + i]!;
      segments.push({ at: bodyAt, length });
      bodyAt += length;
    }
    if (bodyAt > b.length) break;
    pages.push({ start: at, end: bodyAt, serial: b.readUInt32LE(at + 14), segments });
    at = bodyAt;
  }
  if (pages.length === 0) throw noAudio();
  return pages;
}

function cleanOgg(input: Buffer): Buffer {
  const pages = oggPages(input);
  const b = Buffer.from(input.subarray(0, pages.at(-1)!.end));
  // The first two packets of each logical stream, as lists of byte positions in `b`.
  const packets = new Map<number, number[][]>();
  const touched = new Set<OggPage>();
  for (const page of pages) {
    let list = packets.get(page.serial);
    if (!list) packets.set(page.serial, (list = [[]]));
    for (const segment of page.segments) {
      if (list.length > 2) break;
      if (list.length === 2) touched.add(page);
      const current = list.at(-1)!;
      for (let i = 0; i < segment.length; i++) current.push(segment.at + i);
      if (segment.length < 255) list.push([]);
    }
  }
  for (const list of packets.values()) {
    const ident = Buffer.from((list[0] ?? []).map((i) => b[i]!));
    const comment = list[1] ?? [];
    let prefix: number;
    if (ascii(ident, 0, 'OpusHead')) prefix = 8;
    else if (ascii(ident, 0, '\x01vorbis')) prefix = 7;
    else
      throw domainError(
        'FILE_TYPE_NOT_ALLOWED',
        { field: 'file', reason: 'ogg_stream' },
        '只能上传图片、PDF 或音频文件',
      );
    const at = (n: number) => comment[n];
    const u32 = (n: number) => {
      if (n + 4 > comment.length) throw noAudio();
      return b[at(n)!]! | (b[at(n + 1)!]! << 8) | (b[at(n + 2)!]! << 16) | (b[at(n + 3)!]! * 0x1000000);
    };
    const fill = (from: number, length: number, text: (i: number) => number) => {
      if (from + length > comment.length) throw noAudio();
      for (let i = 0; i < length; i++) b[at(from + i)!] = text(i);
    };
    let pos = prefix;
    const vendor = u32(pos);
    fill(pos + 4, vendor, () => 0x20);
    pos += 4 + vendor;
    const count = u32(pos);
    pos += 4;
    for (let n = 0; n < count; n++) {
      const length = u32(pos);
      // "X=" then spaces: still a well-formed (empty) comment, of the same length.
      fill(pos + 4, length, (i) => (i === 0 ? 0x58 : i === 1 ? 0x3d : 0x20));
      pos += 4 + length;
    }
    // Opus may carry binary data after the comments; Vorbis ends with its framing bit.
    if (prefix === 8) fill(pos, comment.length - pos, () => 0);
  }
  for (const page of touched) {
    const view = b.subarray(page.start, page.end);
    view.writeUInt32LE(0, 22);
    view.writeUInt32LE(oggCrc(view), 22);
  }
  return b;
}

/** Removes every tag from an audio file of the sniffed type (see the file comment). */
export function cleanAudio(input: Buffer, contentType: AllowedContentType): CleanedFile {
  try {
    return cleanAudioOf(input, contentType);
  } catch (err) {
    // A structure the readers above did not foresee (a read past the end) is refused, not a 500.
    if (err instanceof DomainError) throw err;
    throw noAudio();
  }
}

function cleanAudioOf(input: Buffer, contentType: AllowedContentType): CleanedFile {
  switch (contentType) {
    case 'audio/mpeg':
      return { bytes: cleanMp3(input), contentType };
    case 'audio/wav':
      return { bytes: cleanWav(input), contentType };
    case 'audio/amr':
    case 'audio/amr-wb':
      return { bytes: cleanAmr(input, contentType === 'audio/amr-wb'), contentType };
    case 'audio/mp4':
      return { bytes: cleanMp4(input), contentType };
    case 'audio/ogg':
      return { bytes: cleanOgg(input), contentType };
    default:
      throw noAudio();
  }
}
