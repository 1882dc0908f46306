import { Alert, Anchor, Badge, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/api-error.js';
import { formatDate } from '../i18n/format.js';
import { InnovationRecordFields } from '../catalogue/innovation-record-fields.js';
import { PageTitle } from '../ui/page-title.js';
import { usePublicInnovation, usePublicRegion } from './public.queries.js';

/**
 * One innovation as anyone may see it, at a link that can be shared: its record, where it came from
 * and where it travelled. Never the contact or anything of a competition: the API does not send them.
 */
export default function PublicInnovationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const innovation = usePublicInnovation(id);
  const province = usePublicRegion(innovation.data?.provinceCode);
  const regionName = (code: string) => province.data?.regions.find((r) => r.code === code)?.name ?? code;

  if (innovation.isPending) return <Loader aria-label={t('common.loading')} />;
  if (innovation.isError) {
    const notFound = innovation.error instanceof ApiError && (innovation.error.status === 404 || innovation.error.status === 400);
    return (
      <Alert color="red" role="alert">
        {t(notFound ? 'public.notFound' : 'public.loadFailed')}{' '}
        <Anchor component={Link} to="/publik">
          {t('public.backToCatalogue')}
        </Anchor>
      </Alert>
    );
  }
  const record = innovation.data;
  const refs = [...(record.origin ? [{ ...record.origin, kind: 'origin' as const }] : []), ...record.replications.map((r) => ({ ...r, kind: 'replication' as const }))];

  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to="/publik" size="sm">
          {t('public.backToCatalogue')}
        </Anchor>
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
        <InnovationRecordFields record={record} regionName={regionName} typeName={(code) => t(`innovation.types.${code}`, { defaultValue: code })} />
      </section>

      <section aria-labelledby="travel-heading">
        <Title order={3} id="travel-heading" mb="sm">
          {t('public.travelled')}
        </Title>
        {refs.length === 0 ? (
          <Text size="sm">{t('public.notTravelled')}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('innovation.fields.name')}</Table.Th>
                <Table.Th>{t('innovation.fields.region')}</Table.Th>
                <Table.Th>{t('public.relation')}</Table.Th>
                <Table.Th>{t('innovation.fields.registeredAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {refs.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/publik/${r.id}`}>
                      {r.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{regionName(r.regionCode)}</Table.Td>
                  <Table.Td>{t(`public.relations.${r.kind}`)}</Table.Td>
                  <Table.Td>{formatDate(r.registeredAt, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
    </Stack>
  );
}
