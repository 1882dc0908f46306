import { Alert, Anchor, Badge, Button, Group, Loader, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { useRegencies } from '../catalogue/catalogue.queries.js';
import { formatDate } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { REPLICATION_STATUSES, type ReplicationStatus } from './replication-actions.js';
import { ReplicationNetworkSection } from './replication-network.section.js';
import { useRequestList, type Direction } from './replication.queries.js';

const ADDRESS_DIRECTIONS: Record<string, Direction> = { masuk: 'incoming', keluar: 'outgoing' };

/**
 * Replikasi: a regency's incoming requests (others replicating its innovations) and outgoing ones
 * (its own requests), or for provincial and national staff every request touching the province;
 * filters on top, stalled requests marked, paged by the service's cursor. Filters live in the address.
 * The province also sees the network: which innovation travelled from which region to which.
 */
export default function ReplicationPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const account = session.status === 'signed-in' ? session.account : null;
  const ofRegion = !!account?.region;
  const province = account?.province ?? account?.region?.slice(0, 2) ?? '33';
  const direction: Direction = ofRegion ? (ADDRESS_DIRECTIONS[params.get('arah') ?? 'masuk'] ?? 'incoming') : 'province';
  const statusParam = params.get('status');
  const status = REPLICATION_STATUSES.includes(statusParam as ReplicationStatus) ? (statusParam as ReplicationStatus) : undefined;
  const list = useRequestList(direction, status, province);
  const regencies = useRegencies(province);
  const regionName = (code: string) => regencies.data?.find((r) => r.code === code)?.name ?? code;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const showNetwork = direction === 'province' && params.get('tampilan') === 'jaringan';

  const setParam = (key: string, value: string | null) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  return (
    <Stack>
      <PageTitle>{t('sections.replication')}</PageTitle>
      <Group align="flex-end" wrap="wrap">
        {ofRegion && (
          <SegmentedControl
            aria-label={t('replication.direction')}
            value={direction === 'outgoing' ? 'keluar' : 'masuk'}
            onChange={(v) => setParam('arah', v)}
            data={[
              { value: 'masuk', label: t('replication.incoming') },
              { value: 'keluar', label: t('replication.outgoing') },
            ]}
          />
        )}
        {direction === 'province' && (
          <SegmentedControl
            aria-label={t('replication.network.view')}
            value={showNetwork ? 'jaringan' : 'daftar'}
            onChange={(v) => setParam('tampilan', v === 'jaringan' ? v : null)}
            data={[
              { value: 'daftar', label: t('replication.network.asList') },
              { value: 'jaringan', label: t('replication.network.asNetwork') },
            ]}
          />
        )}
        {!showNetwork && (
          <Select
            label={t('replication.statusFilter')}
            placeholder={t('replication.allStatuses')}
            clearable
            value={status ?? null}
            onChange={(v) => setParam('status', v)}
            data={REPLICATION_STATUSES.map((s) => ({ value: s, label: t(`replication.statuses.${s}`) }))}
            w={220}
          />
        )}
      </Group>

      {showNetwork ? (
        <ReplicationNetworkSection province={province} regionName={regionName} />
      ) : list.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : list.isError ? (
        <Alert color="red" role="alert">
          {t('replication.listFailed')}
        </Alert>
      ) : items.length === 0 ? (
        <Text data-testid="replication-empty">{t(status ? 'replication.emptyFiltered' : `replication.empty.${direction}`)}</Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped aria-label={t('replication.listLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('replication.columns.innovation')}</Table.Th>
                  <Table.Th>{t('replication.columns.origin')}</Table.Th>
                  <Table.Th>{t('replication.columns.adopter')}</Table.Th>
                  <Table.Th>{t('replication.columns.model')}</Table.Th>
                  <Table.Th>{t('replication.columns.status')}</Table.Th>
                  <Table.Th>{t('replication.columns.lastActivity')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/replikasi/${r.id}`}>
                        {r.originInnovationName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{regionName(r.originRegionCode)}</Table.Td>
                    <Table.Td>
                      {r.adopterAgencyName} · {regionName(r.adopterRegionCode)}
                    </Table.Td>
                    <Table.Td>{t(`replication.models.${r.model}`)}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Badge color="teal">
                          {t(`replication.statuses.${r.status}`)}
                        </Badge>
                        {r.stalled && (
                          <Badge color="orange" title={t('replication.stalledHint')}>
                            {t('replication.stalled')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatDate(r.lastActivityAt, lang)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group>
            <Text size="sm">{t('replication.shown', { count: items.length })}</Text>
            {list.hasNextPage && (
              <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                {t('replication.more')}
              </Button>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
