/**
 * Images are cleaned by decoding and re-encoding them with sharp (libvips): what is stored is
 * new pixels in a new file, so no EXIF (GPS position, camera model, serial numbers, capture time),
 * XMP, IPTC, ICC profile, comment or trailing bytes of the upload survive. The EXIF orientation
 * is applied to the pixels before it is dropped, so a photo still stands the right way up. A file
 * that does not decode (a JPEG header in front of anything else) is refused. The work runs on
 * libuv's thread pool, not the event loop.
 */
import type { Sharp, SharpOptions } from 'sharp';
import { DomainError, domainError } from '../../shared/errors.js';
import type { AllowedContentType } from './sniff.js';

/** sharp's factory, loaded at the first image: libvips costs ~27 MB of RSS a server without uploads need not carry. */
let sharpFactory: ((input: Buffer, options: SharpOptions) => Sharp) | undefined;
async function loadSharp(): Promise<(input: Buffer, options: SharpOptions) => Sharp> {
  if (!sharpFactory) {
    const sharp = (await import('sharp')).default;
    // Decoded images are not kept between uploads (they are evidence; and memory stays bounded).
    sharp.cache(false);
    sharpFactory = sharp;
  }
  return sharpFactory;
}

/** Longest side of a stored image, in pixels: larger photos are scaled down to it (4096 keeps a photographed page readable). */
export const MAX_IMAGE_SIDE = 4096;

/** Largest image accepted, in pixels (120 megapixels, across all frames of an animation). */
export const MAX_IMAGE_PIXELS = 120_000_000;

/** JPEG and WebP quality of re-encoded images. */
export const IMAGE_QUALITY = 85;

/** The refusal of a file whose content does not decode as the type its first bytes claim. */
export function unreadable(kind: string, message?: string) {
  return domainError(
    'FILE_UNREADABLE',
    { field: 'file', reason: 'undecodable', kind },
    message ?? '文件已损坏或无法识别，请重新选择',
  );
}

/** A cleaned file: its bytes and content type. */
export interface CleanedFile {
  bytes: Buffer;
  contentType: AllowedContentType;
}

/**
 * Why a HEIC photo is refused and what to do, in plain words (the phone page says the same before
 * uploading): send a screenshot of it, or set the camera to 兼容性最佳 (JPEG) and take it again.
 */
export const HEIC_REFUSAL =
  '这张照片是 HEIC 格式，暂时无法上传。请发送这张照片的截图，或在手机“设置 → 相机 → 格式”中选择“兼容性最佳”后重新拍摄。';

/**
 * Re-encodes an image without any metadata: JPEG stays JPEG (quality 85), PNG stays PNG, WebP
 * stays WebP (quality 85, animation kept), GIF stays GIF (animation kept). Orientation is
 * applied, the longest side is capped at `MAX_IMAGE_SIDE`, colours are converted to sRGB.
 * HEIC/HEIF is refused (FILE_TYPE_NOT_ALLOWED): the HEVC decoder is not in sharp's build, and
 * phones convert to JPEG when the picker does not ask for HEIC. FILE_UNREADABLE if it does not decode.
 */
export async function cleanImage(input: Buffer, contentType: AllowedContentType): Promise<CleanedFile> {
  if (contentType === 'image/heic' || contentType === 'image/heif') {
    throw domainError('FILE_TYPE_NOT_ALLOWED', { field: 'file', reason: 'heic' }, HEIC_REFUSAL);
  }
  const animated = contentType === 'image/gif' || contentType === 'image/webp';
  const sharp = await loadSharp();
  try {
    const pipeline = sharp(input, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS, animated })
      .rotate()
      .resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true });
    switch (contentType) {
      case 'image/jpeg':
        return { bytes: await pipeline.jpeg({ quality: IMAGE_QUALITY }).toBuffer(), contentType };
      case 'image/png':
        return { bytes: await pipeline.png().toBuffer(), contentType };
      case 'image/webp':
        return { bytes: await pipeline.webp({ quality: IMAGE_QUALITY }).toBuffer(), contentType };
      case 'image/gif':
        return { bytes: await pipeline.gif().toBuffer(), contentType };
      default:
        throw unreadable('image');
    }
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) {
      throw domainError(
        'FILE_TOO_LARGE',
        { field: 'file', reason: 'too_many_pixels', maxPixels: MAX_IMAGE_PIXELS },
        '图片像素过多（超过 1.2 亿像素），请缩小后再上传',
      );
    }
    if (err instanceof DomainError) throw err;
    throw unreadable('image', '图片已损坏或无法识别，请重新选择');
  }
}
