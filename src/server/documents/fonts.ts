/**
 * CJK fonts for PDF output. The TTFs come from the npm package `@expo-google-fonts/noto-serif-sc`
 * (OFL-1.1) so that a PDF renders identically on every machine without system fonts. Noto Serif
 * SC stands in for the GB/T 9704 faces (仿宋 for the body, 小标宋 for the title). Each file is
 * read once per process and then shared by every document.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The font roles a document uses; each maps to one weight of Noto Serif SC. */
export type FontRole = 'body' | 'bold' | 'title';

const FONT_FILES: Record<FontRole, string> = {
  body: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
  title: '@expo-google-fonts/noto-serif-sc/900Black/NotoSerifSC_900Black.ttf',
};

/** A loaded font file with the vertical metric the layout needs to place glyphs on a line. */
export interface LoadedFont {
  /** Absolute path of the TTF file. */
  path: string;
  /** The whole TTF file, handed to pdfkit as a buffer so it is not read from disk per document. */
  data: Buffer;
  /** hhea ascender as a fraction of the em (pdfkit puts the baseline this far below `y`). */
  ascender: number;
}

const cache = new Map<FontRole, LoadedFont>();

/** Reads the hhea ascender and head unitsPerEm from a TrueType file, without a font library. */
function readAscender(data: Buffer): number {
  const numTables = data.readUInt16BE(4);
  let unitsPerEm = 1000;
  let ascender = 880;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    const tag = data.toString('latin1', rec, rec + 4);
    const offset = data.readUInt32BE(rec + 8);
    if (tag === 'head') unitsPerEm = data.readUInt16BE(offset + 18);
    if (tag === 'hhea') ascender = data.readInt16BE(offset + 4);
  }
  return ascender / unitsPerEm;
}

/**
 * Returns the font for a role, loading it on first use. Throws a plain `Error` naming the npm
 * package when the TTF cannot be found, because that is a deployment fault, not a domain error.
 */
export function loadFont(role: FontRole): LoadedFont {
  const hit = cache.get(role);
  if (hit) return hit;
  const spec = FONT_FILES[role];
  let path: string;
  let data: Buffer;
  try {
    path = require.resolve(spec);
    data = readFileSync(path);
  } catch (cause) {
    throw new Error(
      `CJK font for PDF documents not found: ${spec}. Install it with ` +
        '`npm install @expo-google-fonts/noto-serif-sc` (it must be a runtime dependency).',
      { cause },
    );
  }
  const font: LoadedFont = { path, data, ascender: readAscender(data) };
  cache.set(role, font);
  return font;
}
