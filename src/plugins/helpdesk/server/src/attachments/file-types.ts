/**
 * The kinds of file the help desk accepts, and how each is recognised from its content. An admin picks which of
 * these are allowed (settings `attachmentTypes`); nothing outside this list can be allowed at all, so HTML, SVG,
 * scripts and executables (which a browser or a desktop would run) never are.
 */
export interface FileKind {
  /** The settings key. */
  key: string;
  /** The type the file is stored and served with. */
  mime: string;
  /** The name endings that claim this kind, lower case, without the dot. */
  extensions: readonly string[];
  /**
   * What the content must be: the MIME types `file-type` reports for it (magic bytes), or `text` for plain UTF-8
   * text (which has no magic bytes: it must be valid UTF-8 without NUL bytes, and not something `file-type` knows).
   */
  content: readonly string[] | 'text';
  /** Images are returned to assistants as image content and shown as thumbnails. */
  image?: boolean;
}

const OOXML = (app: string) => `application/vnd.openxmlformats-officedocument.${app}`;
const OPEN_DOCUMENT = (kind: string) => `application/vnd.oasis.opendocument.${kind}`;
// Office 97–2003 files are OLE compound files: file-type names the container, not the application.
const CFB = ['application/x-cfb'];

export const FILE_KINDS: readonly FileKind[] = [
  { key: 'png', mime: 'image/png', extensions: ['png'], content: ['image/png'], image: true },
  { key: 'jpeg', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], content: ['image/jpeg'], image: true },
  { key: 'gif', mime: 'image/gif', extensions: ['gif'], content: ['image/gif'], image: true },
  { key: 'webp', mime: 'image/webp', extensions: ['webp'], content: ['image/webp'], image: true },
  { key: 'pdf', mime: 'application/pdf', extensions: ['pdf'], content: ['application/pdf'] },
  { key: 'text', mime: 'text/plain', extensions: ['txt'], content: 'text' },
  { key: 'log', mime: 'text/plain', extensions: ['log'], content: 'text' },
  { key: 'csv', mime: 'text/csv', extensions: ['csv'], content: 'text' },
  { key: 'docx', mime: OOXML('wordprocessingml.document'), extensions: ['docx'], content: [OOXML('wordprocessingml.document')] },
  { key: 'xlsx', mime: OOXML('spreadsheetml.sheet'), extensions: ['xlsx'], content: [OOXML('spreadsheetml.sheet')] },
  { key: 'pptx', mime: OOXML('presentationml.presentation'), extensions: ['pptx'], content: [OOXML('presentationml.presentation')] },
  { key: 'doc', mime: 'application/msword', extensions: ['doc'], content: CFB },
  { key: 'xls', mime: 'application/vnd.ms-excel', extensions: ['xls'], content: CFB },
  { key: 'ppt', mime: 'application/vnd.ms-powerpoint', extensions: ['ppt'], content: CFB },
  { key: 'odt', mime: OPEN_DOCUMENT('text'), extensions: ['odt'], content: [OPEN_DOCUMENT('text')] },
  { key: 'ods', mime: OPEN_DOCUMENT('spreadsheet'), extensions: ['ods'], content: [OPEN_DOCUMENT('spreadsheet')] },
  { key: 'odp', mime: OPEN_DOCUMENT('presentation'), extensions: ['odp'], content: [OPEN_DOCUMENT('presentation')] },
];

export const FILE_KIND_KEYS = FILE_KINDS.map((kind) => kind.key) as [string, ...string[]];

/** Everything in the list is allowed unless an admin narrows it. */
export const DEFAULT_ATTACHMENT_TYPES: readonly string[] = FILE_KIND_KEYS;

export const kindByExtension = (extension: string): FileKind | undefined =>
  FILE_KINDS.find((kind) => kind.extensions.includes(extension.toLowerCase()));

export const isImageMime = (mime: string): boolean => FILE_KINDS.some((kind) => kind.image && kind.mime === mime);

export const isTextMime = (mime: string): boolean => mime.startsWith('text/');
