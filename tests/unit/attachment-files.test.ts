import sharp from 'sharp';
import { inspectFiles, sanitizeFileName, type IncomingFile } from '../../src/plugins/helpdesk/server/src/attachments/inspect';
import { DEFAULT_ATTACHMENT_TYPES, kindByExtension } from '../../src/plugins/helpdesk/server/src/attachments/file-types';
import { contentDisposition } from '../../src/plugins/helpdesk/server/src/http/file-download';

const LIMITS = { attachmentMaxBytes: 10 * 1024 * 1024, attachmentMaxFiles: 5, attachmentTypes: DEFAULT_ATTACHMENT_TYPES };
const file = (name: string, content: Buffer, index = 0): IncomingFile => ({ field: `files.${index}`, name, size: content.length, read: async () => content });
const rules = async (files: IncomingFile[], limits = LIMITS) => (await inspectFiles(files, limits, 'files')).problems.map((p) => [p.field, p.rule]);

describe('attachment names', () => {
  it.each([
    ['../../etc/passwd.txt', 'passwd.txt'],
    ['C:\\Users\\me\\report.pdf', 'report.pdf'],
    ['in\u202Evoice\u200B.pdf', 'invoice.pdf'],
    ['bell\u0007\u0000.log', 'bell.log'],
    ['  ..hidden.txt. ', 'hidden.txt'],
    ['a<b>:c|d?.csv', 'a_b__c_d_.csv'],
    ['Résumé 2026.docx', 'Résumé 2026.docx'],
  ])('%j is stored as %j', (raw, stored) => {
    expect(sanitizeFileName(raw)).toBe(stored);
  });

  it('bounds the length and keeps the extension', () => {
    const name = sanitizeFileName(`${'ü'.repeat(300)}.xlsx`);
    expect(Array.from(name)).toHaveLength(150);
    expect(name.endsWith('.xlsx')).toBe(true);
  });

  it('sends the exact name UTF-8 encoded, with an ASCII fallback', () => {
    expect(contentDisposition('Résumé "2026".pdf')).toBe(`attachment; filename="R_sum_ _2026_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%222026%22.pdf`);
  });
});

describe('attachment kinds', () => {
  it('never knows HTML, SVG, scripts or executables', () => {
    for (const extension of ['html', 'htm', 'svg', 'js', 'exe', 'sh', 'bat', 'msi', 'xml', 'xhtml']) expect(kindByExtension(extension)).toBeUndefined();
  });

  it('accepts content that matches its name', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'white' } }).png().toBuffer();
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'white' } }).jpeg().toBuffer();
    const { prepared, problems } = await inspectFiles(
      [file('a.png', png), file('b.JPG', jpeg, 1), file('c.csv', Buffer.from('a,b\n1,2\n'), 2), file('d.pdf', Buffer.from('%PDF-1.7\n%%EOF\n'), 3)],
      LIMITS,
      'files',
    );
    expect(problems).toEqual([]);
    expect(prepared.map((p) => p.mime)).toEqual(['image/png', 'image/jpeg', 'text/csv', 'application/pdf']);
  });

  it('refuses content that contradicts its name, and text that is not UTF-8', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'white' } }).png().toBuffer();
    expect(await rules([file('x.pdf', png)])).toEqual([['files.0', 'content_mismatch']]);
    expect(await rules([file('x.txt', png)])).toEqual([['files.0', 'content_mismatch']]);
    expect(await rules([file('x.log', Buffer.from([0xff, 0xfe, 0x41]))])).toEqual([['files.0', 'content_mismatch']]);
    expect(await rules([file('x.docx', Buffer.from('just text'))])).toEqual([['files.0', 'content_mismatch']]);
  });

  it('checks count, size and kind before reading any content', async () => {
    let reads = 0;
    const counted = (name: string, size: number, index: number): IncomingFile => ({ field: `files.${index}`, name, size, read: async () => { reads += 1; return Buffer.alloc(size); } });
    expect(await rules([counted('a.txt', 1, 0), counted('b.txt', 1, 1)], { ...LIMITS, attachmentMaxFiles: 1 })).toEqual([['files', 'max_files']]);
    expect(await rules([counted('a.txt', 11, 0)], { ...LIMITS, attachmentMaxBytes: 10 })).toEqual([['files.0', 'max_size']]);
    expect(await rules([counted('a.exe', 5, 0), counted('noextension', 5, 1)])).toEqual([['files.0', 'type_not_allowed'], ['files.1', 'name']]);
    expect(await rules([counted('a.log', 5, 0)], { ...LIMITS, attachmentTypes: ['pdf'] })).toEqual([['files.0', 'type_not_allowed']]);
    expect(reads).toBe(0);
  });
});
