import { Alert, Anchor, Autocomplete, Badge, Button, FileInput, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { explainError, fieldErrorTexts } from '../api/error-text.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useDocuments, useDocumentWrites, type DocumentOwner, type DocumentView } from './documents.queries.js';

/** What the services accept, by content; the picker offers these, the service decides. */
const ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png';

const sizeText = (bytes: number, lang: string) =>
  bytes >= 1024 * 1024 ? `${formatNumber(bytes / (1024 * 1024), lang, 1)} MB` : `${formatNumber(Math.max(1, Math.round(bytes / 1024)), lang, 0)} KB`;

/**
 * A record's evidence documents (an innovation's, an entry's): the list with downloads, the
 * checklist's completeness when there is one, and for whoever may change the record an upload
 * (indicator, then the file) and removal.
 */
export function DocumentsSection({ owner, mayChange, checklist = [], missing = [] }: { owner: DocumentOwner; mayChange: boolean; checklist?: readonly string[]; missing?: readonly string[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const documents = useDocuments(owner);
  const writes = useDocumentWrites(owner);
  const [indicator, setIndicator] = useState(missing[0] ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const heading = `documents-heading-${owner.id}`;

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
      return true;
    } catch (error) {
      const byField = Object.values(fieldErrorTexts(error, t));
      setFailure(byField.length ? byField.join(' ') : explainError(error, t, i18n.exists));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const upload = async () => {
    if (!file || !indicator.trim()) return;
    if (await run(() => writes.upload(indicator.trim(), file))) {
      setFile(null);
      setIndicator('');
    }
  };

  return (
    <section aria-labelledby={heading}>
      <Title order={3} id={heading} mb="sm">
        {t('documents.title')}
      </Title>
      {checklist.length > 0 && (
        <Stack gap={4} mb="sm" data-testid="documents-checklist">
          <Text size="sm">{missing.length ? t('documents.checklistMissing', { count: missing.length }) : t('documents.checklistComplete')}</Text>
          <Group gap="xs">
            {checklist.map((c) => (
              <Badge key={c} color={missing.includes(c) ? 'red' : 'teal'} variant="light" tt="none">
                {missing.includes(c) ? t('documents.missing', { indicator: c }) : t('documents.present', { indicator: c })}
              </Badge>
            ))}
          </Group>
        </Stack>
      )}
      {documents.isPending ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : documents.isError ? (
        <Text size="sm">{t('documents.loadFailed')}</Text>
      ) : documents.data.length === 0 ? (
        <Text size="sm" data-testid="documents-empty">
          {t('documents.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-labelledby={heading} data-testid="documents-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('documents.name')}</Table.Th>
                <Table.Th>{t('documents.indicator')}</Table.Th>
                <Table.Th ta="right">{t('documents.size')}</Table.Th>
                <Table.Th>{t('documents.uploadedAt')}</Table.Th>
                {mayChange && <Table.Th>{t('documents.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {documents.data.map((d: DocumentView) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Anchor component="button" type="button" size="sm" onClick={() => void run(() => writes.download(d))} aria-label={t('documents.download', { name: d.name })}>
                      {d.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{d.indicator}</Table.Td>
                  <Table.Td ta="right">{sizeText(d.size, lang)}</Table.Td>
                  <Table.Td>{formatDate(d.uploadedAt, lang)}</Table.Td>
                  {mayChange && (
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" color="red" disabled={busy} onClick={() => void run(() => writes.remove(d.id))} aria-label={t('documents.remove', { name: d.name })}>
                        {t('documents.removeShort')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {mayChange && (
        <Group align="flex-end" mt="sm" wrap="wrap">
          <Autocomplete label={t('documents.indicator')} description={t('documents.indicatorHint')} data={[...checklist]} value={indicator} onChange={setIndicator} w={260} maxLength={100} />
          <FileInput label={t('documents.file')} description={t('documents.fileHint')} accept={ACCEPT} value={file} onChange={setFile} clearable w={260} />
          <Button onClick={() => void upload()} loading={busy} disabled={!file || !indicator.trim()}>
            {t('documents.upload')}
          </Button>
        </Group>
      )}
      {failure && (
        <Alert color="red" role="alert" mt="sm">
          {failure}
        </Alert>
      )}
    </section>
  );
}
