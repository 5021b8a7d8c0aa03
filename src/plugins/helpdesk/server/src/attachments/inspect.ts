import crypto from 'crypto';
import type { FieldIssue } from '../errors';
import { kindByExtension, FILE_KINDS, type FileKind } from './file-types';

/** What the limits are checked against: the settings an admin chose. */
export interface AttachmentLimits {
  attachmentMaxBytes: number;
  attachmentMaxFiles: number;
  attachmentTypes: readonly string[];
}

/** A file as it arrived: its claimed name, its size, and a way to read it (a temporary file, or decoded base64). */
export interface IncomingFile {
  /** The field to name in a validation error (`files.0`, `content`). */
  field: string;
  name: string;
  size: number;
  read(): Promise<Buffer>;
}

/** A file that passed every check, ready to store. */
export interface PreparedFile {
  name: string;
  extension: string;
  mime: string;
  size: number;
  sha256: string;
  content: Buffer;
}

const NAME_MAX = 150;

/**
 * A name safe to store, show and send back in Content-Disposition: no path (a name is not a place), no control,
 * format or direction characters (which hide or reorder what a person reads), none of the characters file systems
 * reserve, no leading or trailing dots or spaces, and at most NAME_MAX characters with the extension kept.
 */
export const sanitizeFileName = (raw: string): string => {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const chars = Array.from(cleaned);
  if (chars.length <= NAME_MAX) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(cleaned.slice(dot)).slice(0, 12).join('') : '';
  return Array.from(cleaned.slice(0, dot > 0 ? dot : undefined)).slice(0, NAME_MAX - extension.length).join('') + extension;
};

interface DetectedType {
  ext: string;
  mime: string;
}

/** file-type is an ES module; Node 20.19+ require()s it (as it does oidc-provider). Its core entry has a `default` export condition, which Jest's resolver also follows. */
const detectType = async (content: Buffer): Promise<DetectedType | undefined> => {
  const { fileTypeFromBuffer } = require('file-type/core') as { fileTypeFromBuffer(input: Uint8Array): Promise<DetectedType | undefined> };
  return fileTypeFromBuffer(content);
};

const isPlainText = (content: Buffer): boolean => {
  if (content.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
};

const describeKinds = (keys: readonly string[]): string =>
  FILE_KINDS.filter((kind) => keys.includes(kind.key))
    .flatMap((kind) => kind.extensions.map((e) => `.${e}`))
    .join(', ') || '(none: an admin has allowed no kinds of file)';

/** Why the content does not agree with the kind its name claims, or null when it does. */
const contentProblem = async (kind: FileKind, content: Buffer, extension: string): Promise<string | null> => {
  const detected = await detectType(content);
  if (kind.content === 'text') {
    if (detected) return `the name says .${extension} (text) but the content is ${detected.mime}`;
    if (!isPlainText(content)) return `the name says .${extension} but the content is not UTF-8 text`;
    return null;
  }
  if (!detected) return `the name says .${extension} but the content is not a ${kind.key.toUpperCase()} file`;
  if (!kind.content.includes(detected.mime)) return `the name says .${extension} but the content is ${detected.mime}`;
  return null;
};

/**
 * Checks a message's files against the limits, all of them before any is stored: how many, how large (from the
 * size the parser counted, before a byte is read into memory), the kind the name claims, and whether the content
 * (magic bytes, or UTF-8 for text) agrees with it. Returns the problems, each naming its field and rule.
 */
export const inspectFiles = async (
  files: readonly IncomingFile[],
  limits: AttachmentLimits,
  countField: string,
): Promise<{ prepared: PreparedFile[]; problems: FieldIssue[] }> => {
  const problems: FieldIssue[] = [];
  if (files.length > limits.attachmentMaxFiles) {
    problems.push({ field: countField, rule: 'max_files', message: `at most ${limits.attachmentMaxFiles} files per message` });
    return { prepared: [], problems };
  }
  const prepared: PreparedFile[] = [];
  for (const file of files) {
    const name = sanitizeFileName(file.name);
    // Multipart parsers may hand files over in another order than sent: each problem names the file too.
    const problem = (rule: string, message: string) => problems.push({ field: file.field, rule, message: `${name || 'a file without a name'}: ${message}` });
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
    const kind = extension ? kindByExtension(extension) : undefined;
    if (file.size > limits.attachmentMaxBytes) {
      problem('max_size', `is larger than the limit of ${limits.attachmentMaxBytes} bytes`);
      continue;
    }
    if (file.size === 0) {
      problem('min_size', 'is empty');
      continue;
    }
    if (!name || !extension) {
      problem('name', `needs a file name ending in one of: ${describeKinds(limits.attachmentTypes)}`);
      continue;
    }
    if (!kind || !limits.attachmentTypes.includes(kind.key)) {
      problem('type_not_allowed', `.${extension} files are not accepted; allowed: ${describeKinds(limits.attachmentTypes)}`);
      continue;
    }
    const content = await file.read();
    // A file that grew between the count and the read (base64 decoded differently, a parser's estimate) is held to the same limit.
    if (content.length > limits.attachmentMaxBytes) {
      problem('max_size', `is larger than the limit of ${limits.attachmentMaxBytes} bytes`);
      continue;
    }
    const mismatch = await contentProblem(kind, content, extension);
    if (mismatch) {
      problem('content_mismatch', mismatch);
      continue;
    }
    prepared.push({
      name,
      extension,
      mime: kind.mime,
      size: content.length,
      sha256: crypto.createHash('sha256').update(content).digest('hex'),
      content,
    });
  }
  return { prepared, problems };
};
