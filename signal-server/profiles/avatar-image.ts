import { createHash } from 'node:crypto';
import { AVATAR_LIMITS } from '../../shared/protocol.ts';

/** Raster formats a person may upload. SVG is refused: it is a document that can carry script. */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);

export type AvatarResult =
  | { ok: true; webp: Buffer; tag: string }
  | { ok: false; code: 'INVALID' | 'TOO_LARGE'; message: string };

/**
 * Decodes an uploaded picture and re-encodes it as a 256×256 WebP with all metadata stripped. Anything that is
 * not a whole raster image within the pixel limit is refused; nothing of the original is kept.
 */
export async function processAvatar(input: Buffer): Promise<AvatarResult> {
  // Loaded on the first upload: libvips is the heaviest thing the server would otherwise load at start-up.
  const { default: sharp } = await import('sharp');
  if (input.length > AVATAR_LIMITS.maxBytes)
    return { ok: false, code: 'TOO_LARGE', message: 'The picture is larger than 5 MB.' };
  let format: string | undefined;
  let pixels = 0;
  try {
    const meta = await sharp(input, { limitInputPixels: false }).metadata();
    format = meta.format;
    pixels = (meta.width ?? 0) * (meta.height ?? 0);
  } catch {
    return { ok: false, code: 'INVALID', message: 'That file is not a picture Dialog can read.' };
  }
  if (!format || !ACCEPTED.has(format)) {
    return { ok: false, code: 'INVALID', message: 'Use a JPEG, PNG, WebP, GIF or AVIF picture.' };
  }
  if (pixels > AVATAR_LIMITS.maxPixels)
    return { ok: false, code: 'TOO_LARGE', message: 'The picture has more than 40 megapixels.' };
  try {
    const webp = await sharp(input, { failOn: 'truncated', limitInputPixels: AVATAR_LIMITS.maxPixels, animated: false })
      .rotate()
      .resize(AVATAR_LIMITS.size, AVATAR_LIMITS.size, { fit: 'cover' })
      .webp({ quality: 82 })
      .toBuffer();
    return {
      ok: true,
      webp,
      tag: createHash('sha256')
        .update(new Uint8Array(webp.buffer, webp.byteOffset, webp.length))
        .digest('hex')
        .slice(0, 16),
    };
  } catch {
    return { ok: false, code: 'INVALID', message: 'That picture is damaged or incomplete.' };
  }
}
