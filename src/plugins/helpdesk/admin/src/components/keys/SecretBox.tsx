import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useClipboard, useNotification } from '@strapi/strapi/admin';

/** Text to copy as it is (a key, a config file), with its copy button. */
export const SecretBox = ({ label, copyLabel, value, testId }: { label: string; copyLabel: string; value: string; testId: string }) => {
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Flex justifyContent="space-between">
        <Typography variant="pi" fontWeight="bold">
          {label}
        </Typography>
        <Button
          variant="tertiary"
          size="S"
          startIcon={<Duplicate />}
          onClick={async () => {
            const copied = await copy(value);
            toggleNotification({ type: copied ? 'success' : 'warning', message: copied ? `${label} copied.` : 'Copying failed: select the text and copy it.' });
          }}
        >
          {copyLabel}
        </Button>
      </Flex>
      <Box background="neutral100" hasRadius padding={3} borderColor="neutral200" borderStyle="solid" borderWidth="1px">
        <Typography tag="pre" data-testid={testId} style={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>
          {value}
        </Typography>
      </Box>
    </Flex>
  );
};
