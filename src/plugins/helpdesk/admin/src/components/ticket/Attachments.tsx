import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Download, Paperclip } from '@strapi/icons';
import { useHelpdeskApi, type ApiError } from '../../api/client';
import type { AttachmentView } from '../../api/types';
import { saveBlob } from '../save-blob';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const formatBytes = (bytes: number): string =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * An image's thumbnail, fetched through the help desk's route with the panel session (an <img src> would carry no
 * token, and the public /uploads path never serves help-desk files) and shown from a blob URL.
 */
const Thumbnail = ({ attachment }: { attachment: AttachmentView }) => {
  const api = useHelpdeskApi();
  const [src, setSrc] = React.useState<string | null>(null);
  React.useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    api
      .download(`/attachments/${attachment.id}?variant=thumbnail`)
      .then(({ blob }) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setSrc(url);
      })
      .catch(() => setSrc(null));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, attachment.id]);
  if (!src) return null;
  return (
    <img
      src={src}
      alt={`Preview of ${attachment.name}`}
      data-testid="attachment-thumbnail"
      style={{ display: 'block', maxWidth: '16rem', maxHeight: '16rem', borderRadius: '4px', marginBottom: '0.4rem' }}
    />
  );
};

/** The files of one message: a thumbnail for images, and a download button for each. */
export const AttachmentList = ({ attachments }: { attachments: AttachmentView[] }) => {
  const api = useHelpdeskApi();
  const [error, setError] = React.useState<ApiError | null>(null);
  if (attachments.length === 0) return null;
  const save = async (attachment: AttachmentView) => {
    setError(null);
    try {
      const { blob } = await api.download(`/attachments/${attachment.id}`);
      saveBlob(blob, attachment.name);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <Box paddingTop={3} tag="section" aria-label="Attachments">
      <Flex gap={3} wrap="wrap" alignItems="flex-end">
        {attachments.map((a) => (
          <Box key={a.id} data-testid="attachment" data-name={a.name}>
            {IMAGE_TYPES.has(a.type) ? <Thumbnail attachment={a} /> : null}
            <Button variant="tertiary" size="S" startIcon={<Download />} onClick={() => save(a)} aria-label={`Download ${a.name}`}>
              <Flex gap={1}>
                <Paperclip width="1.2rem" height="1.2rem" aria-hidden />
                {a.name} · {formatBytes(a.size)}
              </Flex>
            </Button>
          </Box>
        ))}
      </Flex>
      {error ? (
        <Typography textColor="danger600" role="alert">
          {error.message}
        </Typography>
      ) : null}
    </Box>
  );
};
