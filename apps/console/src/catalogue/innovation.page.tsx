import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { ApiError } from '../api/api-error.js';
import { mayOnInnovation, provinceOf } from '../app/permissions.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { DocumentsSection } from '../documents/documents-section.js';
import { useInnovation, useInnovationHistory, useInnovationTypes, useRegencies } from './catalogue.queries.js';
import { Definition } from '../ui/definition.js';
import { InnovationRecordFields } from './innovation-record-fields.js';

/** An innovation: its record, then what happened to it (history), then what the user can do now. */
export default function InnovationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const innovation = useInnovation(id);
  const history = useInnovationHistory(id);
  const regencies = useRegencies(innovation.data ? provinceOf(innovation.data.regionCode) : '33');
  const regionName = (code: string) => regencies.data?.find((r) => r.code === code)?.name ?? code;
  // A region may name types of its own (OPD dan jenis inovasi): its name first, the default eight's text otherwise.
  const types = useInnovationTypes(innovation.data?.regionCode);
  const typeName = (code: string) => types.data?.find((ty) => ty.code === code)?.name ?? t(`innovation.types.${code}`, { defaultValue: code });

  if (innovation.isPending) return <Loader aria-label={t('common.loading')} />;
  if (innovation.isError) {
    const notFound = innovation.error instanceof ApiError && (innovation.error.status === 404 || innovation.error.status === 400);
    return (
      <Alert color="red" role="alert">
        {t(notFound ? 'innovation.notFound' : 'innovation.loadFailed')}
      </Alert>
    );
  }
  const record = innovation.data;
  const mayReplicate = session.status === 'signed-in' && mayOnInnovation(session.account, 'request-replication', record);
  const mayRevise = session.status === 'signed-in' && mayOnInnovation(session.account, 'revise', record);

  return (
    <Stack gap="lg">
      <div>
        <PageTitle>{record.name}</PageTitle>
        <Group gap="xs">
          <Badge color="teal">{t(`innovation.stages.${record.stage}`)}</Badge>
          {record.digital && <Badge color="blue">{t('innovation.digital')}</Badge>}
          {record.retiredAt && <Badge color="red">{t('innovation.retired')}</Badge>}
        </Group>
      </div>

      <section aria-labelledby="record-heading">
        <Title order={3} id="record-heading" mb="sm">
          {t('innovation.record')}
        </Title>
        <InnovationRecordFields record={record} regionName={regionName} typeName={typeName}>
          <Definition label={t('innovation.fields.registeredAt')}>{formatDateTime(record.registeredAt, lang)}</Definition>
        </InnovationRecordFields>
        {record.originInnovationId && (
          <Text size="sm" mt="md">
            {t('innovation.replicationOf')}{' '}
            <Anchor component={Link} to={`/katalog/${record.originInnovationId}`}>
              {t('innovation.originLink')}
            </Anchor>
          </Text>
        )}
      </section>

      <section aria-labelledby="evidence-heading">
        <Title order={3} id="evidence-heading" mb="sm">
          {t('innovation.evidence')}
        </Title>
        {record.evidence.length === 0 ? (
          <Text size="sm">{t('innovation.noEvidence')}</Text>
        ) : (
          <ul>
            {record.evidence.map((e, i) => (
              <li key={i}>
                <Anchor href={e.url} target="_blank" rel="noreferrer">
                  {e.indicator}
                </Anchor>
              </li>
            ))}
          </ul>
        )}
      </section>

      <DocumentsSection owner={{ kind: 'innovation', id: record.id }} mayChange={mayRevise} />

      <section aria-labelledby="replications-heading">
        <Title order={3} id="replications-heading" mb="sm">
          {t('innovation.replications')}
        </Title>
        {record.replications.length === 0 ? (
          <Text size="sm">{t('innovation.noReplications')}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('innovation.fields.name')}</Table.Th>
                <Table.Th>{t('innovation.fields.region')}</Table.Th>
                <Table.Th>{t('innovation.fields.registeredAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {record.replications.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/katalog/${r.id}`}>
                      {r.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{regionName(r.regionCode)}</Table.Td>
                  <Table.Td>{formatDate(r.registeredAt, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <Title order={3} id="history-heading" mb="sm">
          {t('innovation.history')}
        </Title>
        {history.isPending ? (
          <Loader size="sm" aria-label={t('common.loading')} />
        ) : history.isError ? (
          <Text size="sm">{t('innovation.historyFailed')}</Text>
        ) : (
          <Timeline bulletSize={14} lineWidth={2}>
            {history.data.map((h) => (
              <Timeline.Item key={h.version} title={t(`innovation.actions.${h.action}`, { defaultValue: h.action })}>
                <Text size="sm">
                  {formatDateTime(h.at, lang)} · {h.actor} ({t(`roles.${h.actorRole}`, { defaultValue: h.actorRole })})
                </Text>
                {h.changedFields.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('innovation.changed', { fields: h.changedFields.map((f) => t(`innovation.fields.${f}`, { defaultValue: f })).join(', ') })}
                  </Text>
                )}
                {h.note && <Text size="xs">{h.note}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </section>

      {(mayReplicate || mayRevise) && (
        <section aria-labelledby="actions-heading">
          <Title order={3} id="actions-heading" mb="sm">
            {t('innovation.whatYouCanDo')}
          </Title>
          <Group gap="sm">
            {mayRevise && (
              <Button component={Link} to={`/katalog/${record.id}/ubah`}>
                {t('innovation.revise')}
              </Button>
            )}
            {mayReplicate && (
              <Button component={Link} to={`/replikasi/ajukan?inovasi=${record.id}`}>
                {t('innovation.requestReplication')}
              </Button>
            )}
          </Group>
        </section>
      )}
    </Stack>
  );
}
