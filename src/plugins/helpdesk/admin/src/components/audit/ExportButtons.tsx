import * as React from 'react';
import { Button, Flex } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { queryString, useHelpdeskApi, type ApiError } from '../../api/client';
import type { AuditFilterValues } from './AuditFilters';
import { saveBlob } from '../save-blob';

const FORMATS = [
  { format: 'csv', label: 'Export CSV', name: 'CSV' },
  { format: 'jsonl', label: 'Export JSON Lines', name: 'JSON Lines' },
] as const;

type Format = (typeof FORMATS)[number]['format'];

/** The log as the filters show it, every page of it, as a file (the export is itself on record). */
export const ExportButtons = ({ filters }: { filters: AuditFilterValues }) => {
  const api = useHelpdeskApi();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState<Format | null>(null);
  const filtered = Object.values(filters).some(Boolean);

  const exportAs = async (format: Format, name: string) => {
    setBusy(format);
    try {
      const { blob, filename } = await api.download(`/audit-events/export${queryString({ ...filters, format })}`);
      saveBlob(blob, filename ?? `helpdesk-audit.${format}`);
      toggleNotification({ type: 'success', message: `Audit log exported as ${name}${filtered ? ', with the filters shown' : ''}.` });
    } catch (error) {
      toggleNotification({ type: 'danger', message: (error as ApiError).message });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex gap={2}>
      {FORMATS.map((f) => (
        <Button
          key={f.format}
          variant="secondary"
          startIcon={<Download />}
          loading={busy === f.format}
          disabled={busy !== null && busy !== f.format}
          onClick={() => exportAs(f.format, f.name)}
        >
          {f.label}
        </Button>
      ))}
    </Flex>
  );
};
