import { Alert, Button, Checkbox, FileInput, Group, Paper, Progress, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../accounts/use-session.js';
import { ApiError } from '../api/api-error.js';
import { formatNumber } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { importKindsFor, progressPercent, uploadTypeOf, type ImportKind } from './import-rules.js';
import { downloadReport, downloadTemplate, useImportJob, useStartImport } from './imports.queries.js';

/**
 * Impor data: an admin uploads Demak's OPD list or last year's innovations (or, for the province and
 * the nation, the national results as published) as CSV or XLSX; a worker
 * imports it with the rules of the API; the bar follows the file, and the refused rows' report is
 * one click away. The templates are offered in both languages.
 */
export default function ImportPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const kinds = session.status === 'signed-in' ? importKindsFor(session.account.role) : [];
  const [kind, setKind] = useState<ImportKind>(kinds[0] ?? 'innovations');
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const start = useStartImport();
  const job = useImportJob(start.variables?.kind ?? kind, start.data?.id);
  const current = job.data ?? start.data;
  const lang = i18n.language.startsWith('en') ? 'en' : 'id';
  const n = (value: number) => formatNumber(value, i18n.language);
  const refusal = start.error instanceof ApiError ? start.error.code : null;

  if (kinds.length === 0) return <Alert role="alert">{t('imports.notAllowed')}</Alert>;
  return (
    <Stack maw={720}>
      <PageTitle>{t('imports.title')}</PageTitle>
      <Text>{t('imports.intro')}</Text>
      <SegmentedControl aria-label={t('imports.kind')} data={kinds.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))} value={kind} onChange={(v) => setKind(v as ImportKind)} />
      <Group>
        <Button variant="default" onClick={() => void downloadTemplate(kind, lang)}>
          {t('imports.template')}
        </Button>
      </Group>
      <FileInput label={t('imports.file')} description={t('imports.fileHint')} accept=".csv,.xlsx" value={file} onChange={setFile} clearable clearButtonProps={{ 'aria-label': t('imports.clearFile') }} />
      <Checkbox label={t('imports.dryRun')} checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} />
      <Group>
        <Button disabled={!file || !uploadTypeOf(file.name) || start.isPending} loading={start.isPending} onClick={() => file && start.mutate({ kind, file, dryRun })}>
          {t('imports.start')}
        </Button>
      </Group>
      {start.isError && (
        <Alert color="red" role="alert">
          {refusal === 'import.running' ? t('imports.running') : t('imports.failed')}
        </Alert>
      )}
      {current && (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Text fw={600}>{t(`imports.status.${current.status}`, { file: current.fileName })}</Text>
            <Progress value={progressPercent(current)} aria-label={t('imports.progress')} />
            <Text>{t('imports.counts', { rows: n(current.rows), created: n(current.created), present: n(current.present), failed: n(current.failed) })}</Text>
            {current.attempts > 1 && <Text size="sm">{t('imports.resumed', { attempts: current.attempts })}</Text>}
            {current.error && <Text c="red.8">{current.error}</Text>}
            {current.hasReport && (
              <Group>
                <Button variant="outline" onClick={() => void downloadReport(start.variables?.kind ?? kind, current)}>
                  {t('imports.report')}
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
