import fs from 'fs/promises';
import type { Context } from 'koa';
import { invalid } from '../errors';
import type { IncomingFile } from '../attachments/inspect';

/** A file as koa-body's parser (formidable) leaves it: in a temporary file Strapi's body middleware removes. */
interface ParsedFile {
  filepath: string;
  originalFilename?: string | null;
  size: number;
  /** Where the file stood in the body (markPartOrder). */
  partOrder?: number;
}

let partsSeen = 0;

/**
 * formidable's `fileBegin` hook (config/middlewares.ts, strapi::body): it hands files over as each finishes writing,
 * so a small file sent second can come first. Numbering them as they begin keeps the order they were sent in.
 */
export const markPartOrder = (_field: string, file: object): void => {
  partsSeen = (partsSeen + 1) % Number.MAX_SAFE_INTEGER;
  (file as ParsedFile).partOrder = partsSeen;
};

/** The one field files are sent in; Strapi's body middleware cleans up the temporary files of this field. */
export const FILES_FIELD = 'files';

export const isMultipart = (ctx: Context): boolean => Boolean(ctx.is('multipart/form-data'));

/**
 * The files of a multipart request, unread: sizes come from the parser, and a file's content is read only once
 * every limit the size can decide has passed. Files sent under any other field name are refused (and their
 * temporary files removed, which Strapi does only for `files`).
 */
export const multipartFiles = async (ctx: Context): Promise<IncomingFile[]> => {
  const all = (ctx.request as { files?: Record<string, ParsedFile | ParsedFile[]> }).files ?? {};
  const others = Object.keys(all).filter((field) => field !== FILES_FIELD);
  if (others.length > 0) {
    await Promise.all(others.flatMap((field) => ([] as ParsedFile[]).concat(all[field] ?? []).map((f) => fs.rm(f.filepath, { force: true }))));
    throw invalid(others.map((field) => ({ field, rule: 'unknown_field', message: `send files in the "${FILES_FIELD}" field` })));
  }
  const files = ([] as ParsedFile[]).concat(all[FILES_FIELD] ?? []).sort((a, b) => (a.partOrder ?? 0) - (b.partOrder ?? 0));
  return files.map((file, index) => ({
    field: `${FILES_FIELD}.${index}`,
    name: file.originalFilename ?? '',
    size: file.size,
    read: () => fs.readFile(file.filepath),
  }));
};
