import { locale, t } from '../i18n/locale.ts';

/** What a file is and how it may be named and shown, judged from its bytes and its offered name alone. */

/** Picture formats shown inline. Never SVG: it is a document that can carry script. */
export type PictureKind = 'png' | 'jpeg' | 'gif' | 'webp';

/** The MIME type a picture's blob is made with (anything else gets `application/octet-stream`). */
export const PICTURE_TYPES: Record<PictureKind, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** The picture format a file's first bytes (12 are enough) announce, whatever type was declared for it. */
export function sniffPicture(head: Uint8Array): PictureKind | undefined {
  const starts = (...b: number[]) => b.every((v, i) => head[i] === v);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'gif';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'webp';
  return undefined;
}

/** Control characters, bidirectional overrides (which can disguise `exe.txt` as `txt.exe`) and path characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"/\\|?*]/g;
/** Longest name shown or saved; the extension is kept when shortening. */
const NAME_CHARS = 120;

/** A file name safe to show and to save under: no path, no hidden-file dot, no characters a system refuses. */
export function safeFileName(name: string): string {
  const base = name
    .replace(UNSAFE, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  if (!base) return 'file';
  if (base.length <= NAME_CHARS) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return base.slice(0, NAME_CHARS - ext.length) + ext;
}

/** "5.0 MB", "820 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  const number = (value: number, digits: number) =>
    value.toLocaleString(locale.tag, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (bytes < 1000) return t('bytes.b', bytes);
  if (bytes < 1e6) return t('bytes.kb', number(bytes / 1e3, 0));
  if (bytes < 1e9) return t('bytes.mb', number(bytes / 1e6, 1));
  return t('bytes.gb', number(bytes / 1e9, 2));
}
