import sharp from 'sharp';

/** Thumbnails on the staff pages: small enough for a thread, large enough to recognise a screenshot. */
const THUMBNAIL_PX = 320;
/** Assistants see images up to about this size on the long side; larger ones only cost tokens. */
const ASSISTANT_PX = 1568;
const ASSISTANT_BYTES = 1_000_000;

/** A still, small rendering of an image (the first frame of an animation), as WebP. */
export const thumbnail = async (content: Buffer): Promise<{ content: Buffer; mime: string }> => ({
  content: await sharp(content).rotate().resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer(),
  mime: 'image/webp',
});

/** The image as an assistant should get it: as stored when small, else down-scaled (PNG, or JPEG for photos). */
export const forAssistant = async (content: Buffer, mime: string): Promise<{ content: Buffer; mime: string; scaled: boolean }> => {
  const { width = 0, height = 0 } = await sharp(content).metadata();
  if (content.length <= ASSISTANT_BYTES && Math.max(width, height) <= ASSISTANT_PX) return { content, mime, scaled: false };
  const resized = sharp(content).rotate().resize(ASSISTANT_PX, ASSISTANT_PX, { fit: 'inside', withoutEnlargement: true });
  if (mime === 'image/jpeg' || mime === 'image/webp') {
    return { content: await resized.jpeg({ quality: 80 }).toBuffer(), mime: 'image/jpeg', scaled: true };
  }
  return { content: await resized.png({ compressionLevel: 9 }).toBuffer(), mime: 'image/png', scaled: true };
};
