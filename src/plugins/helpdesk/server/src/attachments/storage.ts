import crypto from 'crypto';
import fs from 'fs/promises';
import path from 'path';
import { Readable } from 'stream';
import type { Core } from '@strapi/strapi';
import { UID } from '../uids';
import type { PreparedFile } from './inspect';

/**
 * Every help-desk file's stored name starts with this. The local provider writes files under public/uploads, which
 * Strapi serves to anyone: http/private-uploads.ts refuses every path that carries it, so a help-desk file is only
 * ever served through the help desk's own routes, under its rules.
 */
export const STORED_NAME_MARKER = 'helpdesk-attachment-';

/** What the upload plugin's provider is handed and fills in (its `url`, and any provider metadata). */
interface ProviderFile {
  name: string;
  hash: string;
  ext: string;
  mime: string;
  size: number;
  sizeInBytes: number;
  url?: string;
  provider_metadata?: Record<string, unknown> | null;
  getStream(): Readable;
}

/** The upload plugin's file record, as the help desk reads it back. */
export interface StoredFileRow {
  id: number;
  hash: string;
  ext: string;
  url: string;
  provider: string;
  provider_metadata?: Record<string, unknown> | null;
}

interface UploadProviderService {
  upload(file: ProviderFile): Promise<void>;
}
interface UploadProvider {
  delete(file: { hash: string; ext: string; url?: string; provider_metadata?: unknown }): Promise<void>;
}
interface UploadFileService {
  signFileUrls<T extends { url: string }>(file: T): Promise<T>;
}

const upload = (strapi: Core.Strapi) => strapi.plugin('upload');
const providerName = (strapi: Core.Strapi): string => (strapi.config.get('plugin::upload') as { provider?: string }).provider ?? 'local';

/**
 * Hands the file to the upload plugin's provider (local disk by default, or whichever provider the app configures)
 * under a stored name nobody can guess, and records it in the upload plugin's file table. The provider's write is
 * not part of the database transaction: the caller keeps the file (see FileStash) to remove it if the change fails.
 */
export const storeFile = async (strapi: Core.Strapi, file: PreparedFile, stash: FileStash): Promise<StoredFileRow> => {
  const ext = `.${file.extension}`;
  const data: ProviderFile = {
    name: file.name,
    hash: `${STORED_NAME_MARKER}${crypto.randomBytes(16).toString('hex')}`,
    ext,
    mime: file.mime,
    size: Math.round((file.size / 1000) * 100) / 100,
    sizeInBytes: file.size,
    getStream: () => Readable.from(file.content),
  };
  await (upload(strapi).service('provider') as unknown as UploadProviderService).upload(data);
  stash.kept.push({ hash: data.hash, ext, url: data.url, provider_metadata: data.provider_metadata ?? null });
  return (await strapi.db.query(UID.file).create({
    data: {
      name: file.name,
      hash: data.hash,
      ext,
      mime: file.mime,
      size: data.size,
      sizeInBytes: file.size,
      url: data.url,
      provider: providerName(strapi),
      provider_metadata: data.provider_metadata ?? null,
      folderPath: '/',
    },
    select: ['id', 'hash', 'ext', 'url', 'provider', 'provider_metadata'],
  })) as StoredFileRow;
};

/** The content of a stored file: from disk for the local provider, else from the provider's (signed) URL. */
export const readFile = async (strapi: Core.Strapi, file: StoredFileRow): Promise<Buffer> => {
  if (file.provider === 'local') {
    // The stored name is the help desk's own (marker + random hex), never anything a caller chose.
    return fs.readFile(path.join(strapi.dirs.static.public, 'uploads', `${file.hash}${file.ext}`));
  }
  const signed = await (upload(strapi).service('file') as unknown as UploadFileService).signFileUrls(file);
  const response = await fetch(signed.url);
  if (!response.ok) throw new Error(`helpdesk: the upload provider answered ${response.status} for a stored attachment`);
  return Buffer.from(await response.arrayBuffer());
};

/** Removes a stored file from the provider. */
export const deleteFile = async (strapi: Core.Strapi, file: { hash: string; ext: string; url?: string; provider_metadata?: unknown }): Promise<void> => {
  await (upload(strapi).provider as unknown as UploadProvider).delete(file);
};

/**
 * The files one change has handed to the provider. A change that fails (validation, a refusal, a lost COMMIT)
 * discards them, so a failed write leaves no file behind; one that commits keeps them.
 */
export interface FileStash {
  kept: Array<{ hash: string; ext: string; url?: string; provider_metadata?: unknown }>;
  discard(): Promise<void>;
}

export const createFileStash = (strapi: Core.Strapi): FileStash => {
  const stash: FileStash = {
    kept: [],
    async discard() {
      for (const file of stash.kept.splice(0)) {
        try {
          await deleteFile(strapi, file);
        } catch (error) {
          strapi.log.error(`helpdesk: could not remove the stored file of a failed change: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    },
  };
  return stash;
};

/** Runs a change that stores files, discarding them when it fails. */
export const withFileStash = async <T>(strapi: Core.Strapi, work: (stash: FileStash) => Promise<T>): Promise<T> => {
  const stash = createFileStash(strapi);
  try {
    return await work(stash);
  } catch (error) {
    await stash.discard();
    throw error;
  }
};
