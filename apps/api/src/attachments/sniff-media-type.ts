import type { Readable } from 'node:stream';
import { fromBuffer } from 'file-type';
import { RuleBroken } from '@app/domain';

/** Legacy Office files are all OLE compound files, which the bytes do not tell apart: the declared type says which. */
const COMPOUND_FILE_TYPES = new Map([
  ['application/msword', 'doc'],
  ['application/vnd.ms-excel', 'xls'],
  ['application/vnd.ms-powerpoint', 'ppt'],
]);

/** Types recognised from the bytes alone, with their file extensions. SVG is left out on purpose: it can carry scripts. */
const SNIFFED_TYPES = new Map([
  ['application/pdf', 'pdf'],
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
  ['image/gif', 'gif'],
  ['image/webp', 'webp'],
  ['image/tiff', 'tif'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
  ['application/vnd.oasis.opendocument.text', 'odt'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'ods'],
  ['application/vnd.oasis.opendocument.presentation', 'odp'],
]);

const ALLOWED = `PDF, images (PNG, JPEG, GIF, WebP, TIFF) and office documents (Word, Excel, PowerPoint, OpenDocument): ${[...SNIFFED_TYPES.keys(), ...COMPOUND_FILE_TYPES.keys()].join(', ')}`;

/** The file extension of an allowed media type (DESIGN §3: PDF, office documents, images). */
export function extensionOf(mediaType: string): string | undefined {
  return SNIFFED_TYPES.get(mediaType) ?? COMPOUND_FILE_TYPES.get(mediaType);
}

/** Bytes to sniff, read from their start (a staged upload). */
export interface Sniffable {
  size: number;
  read(): Readable;
}

/**
 * How much of the bytes is sniffed: enough for every allowed type (an OOXML or OpenDocument file is told by an
 * entry that comes first or nearly), without holding a whole upload in memory.
 */
const SNIFFED_BYTES = 1024 * 1024;

async function headOf(content: Sniffable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  // Leaving the loop early closes the stream.
  for await (const chunk of content.read()) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= SNIFFED_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, SNIFFED_BYTES);
}

/**
 * The media type of the bytes, sniffed from their first megabyte; the declared
 * Content-Type must agree with it. Refuses anything not allowed (`media-type-allowed`) and a declared type that
 * disagrees with the bytes (`media-type-matches`).
 */
export async function sniffMediaType(content: Sniffable, contentType: string | undefined): Promise<string> {
  const declared = contentType?.split(';')[0].trim().toLowerCase() || undefined;
  const sniffed = await fromBuffer(await headOf(content)).then(
    (found) => found?.mime,
    // file-type rejects some truncated files instead of answering undefined: bytes it cannot read are not allowed.
    () => undefined,
  );
  if (sniffed === 'application/x-cfb') {
    if (declared && COMPOUND_FILE_TYPES.has(declared)) return declared;
    throw new RuleBroken(
      'media-type-allowed',
      `These bytes are an OLE compound file, accepted only as a legacy Word, Excel or PowerPoint file declared as one of ${[...COMPOUND_FILE_TYPES.keys()].join(', ')}. Allowed: ${ALLOWED}`,
    );
  }
  if (!sniffed || !SNIFFED_TYPES.has(sniffed)) {
    const found = content.size === 0 ? 'empty' : sniffed ? `of type ${sniffed}` : 'of no recognised type';
    throw new RuleBroken('media-type-allowed', `These bytes are ${found}. Allowed: ${ALLOWED}`);
  }
  if (declared !== sniffed) {
    throw new RuleBroken(
      'media-type-matches',
      `The bytes are ${sniffed} but the Content-Type says ${declared ?? 'nothing'}; declare ${sniffed}`,
    );
  }
  return sniffed;
}
