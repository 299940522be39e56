import { PassThrough } from 'node:stream';
import { RuleBroken } from '@app/domain';
import * as sample from '../../../../test/fixtures/sample-files';
import { extensionOf, Sniffable, sniffMediaType } from './sniff-media-type';

const content = (bytes: Buffer): Sniffable => ({
  size: bytes.length,
  read: () => new PassThrough().end(bytes),
});

const refusal = (bytes: Buffer, contentType: string | undefined) =>
  sniffMediaType(content(bytes), contentType).then(
    () => undefined,
    (error: unknown) => (error instanceof RuleBroken ? error.rule : error),
  );

type Case = [what: string, bytes: Buffer, contentType: string];

describe('sniffMediaType', () => {
  it.each<Case>([
    ['a PDF', sample.pdf(), 'application/pdf'],
    ['a PNG', sample.png(), 'image/png'],
    ['a JPEG', sample.jpegHeader(), 'image/jpeg'],
    ['a GIF', sample.gif(), 'image/gif'],
    ['a WebP', sample.webpHeader(), 'image/webp'],
    ['a TIFF', sample.tiff(), 'image/tiff'],
    ['a docx', sample.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['an xlsx', sample.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['a pptx', sample.pptx(), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ...[
      'application/vnd.oasis.opendocument.text',
      'application/vnd.oasis.opendocument.spreadsheet',
      'application/vnd.oasis.opendocument.presentation',
    ].map((type): Case => [`an OpenDocument file (${type})`, sample.openDocument(type), type]),
  ])('accepts %s, typed from its bytes', async (_, bytes, type) => {
    expect(await sniffMediaType(content(bytes), type)).toBe(type);
    expect(await sniffMediaType(content(bytes), `${type.toUpperCase()}; charset=binary`)).toBe(type);
    expect(extensionOf(type)).toBeDefined();
  });

  it.each(['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint'])(
    'accepts a legacy Office compound file declared as %s, which the bytes cannot tell apart',
    async (type) => {
      expect(await sniffMediaType(content(sample.compoundFileHeader()), type)).toBe(type);
    },
  );

  it.each<Case>([
    ['an OLE compound file declared as something else', sample.compoundFileHeader(), 'application/x-msi'],
    ['an OLE compound file declared as a PDF', sample.compoundFileHeader(), 'application/pdf'],
    [
      'an OLE compound file declared as an inherited property name',
      sample.compoundFileHeader(),
      'constructor',
    ],
    ['HTML', sample.html(), 'text/html'],
    ['HTML declared as a PDF', sample.html(), 'application/pdf'],
    ['SVG, which can carry scripts', sample.svg(), 'image/svg+xml'],
    ['an executable', sample.exeHeader(), 'application/pdf'],
    ['a plain zip', sample.plainZip(), 'application/zip'],
    ['plain text', sample.text(), 'text/plain'],
    ['an empty body', Buffer.alloc(0), 'application/pdf'],
    ['a truncated TIFF the sniffer cannot read', sample.tiff().subarray(0, 10), 'image/tiff'],
  ])('refuses %s: media-type-allowed', async (_, bytes, type) => {
    expect(await refusal(bytes, type)).toBe('media-type-allowed');
  });

  it('names what is allowed when it refuses', async () => {
    await expect(sniffMediaType(content(sample.html()), 'text/html')).rejects.toThrow(
      /PDF.*application\/pdf.*image\/png.*application\/msword/,
    );
  });

  it.each<[what: string, bytes: Buffer, contentType: string | undefined]>([
    ['a PDF declared as a PNG', sample.pdf(), 'image/png'],
    ['a PNG declared as a JPEG', sample.png(), 'image/jpeg'],
    [
      'a docx declared as an xlsx',
      sample.docx(),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    ['a PDF declared as a byte stream', sample.pdf(), 'application/octet-stream'],
    ['a PDF with no declared type', sample.pdf(), undefined],
  ])('refuses %s: media-type-matches', async (_, bytes, type) => {
    expect(await refusal(bytes, type)).toBe('media-type-matches');
  });
});
