import { Alert, Box, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { routesOf } from './replication-network.js';
import { useProvinceNetwork } from './replication.queries.js';

const Graph = lazy(() => import('./replication-network.graph.js'));

/** For provincial staff: which innovation travelled from which region to which, drawn and as a table. */
export function ReplicationNetworkSection({ province, regionName }: { province: string; regionName: (code: string) => string }) {
  const { t } = useTranslation();
  const network = useProvinceNetwork(province);
  if (network.isPending) return <Loader aria-label={t('common.loading')} />;
  if (network.isError)
    return (
      <Alert color="red" role="alert">
        {t('replication.listFailed')}
      </Alert>
    );
  const routes = routesOf(network.data.requests);
  return (
    <Stack component="section" aria-labelledby="network-heading">
      <Title order={2} size="h3" id="network-heading">
        {t('replication.network.title')}
      </Title>
      {routes.length === 0 ? (
        <Text data-testid="replication-network-empty">{t('replication.network.empty')}</Text>
      ) : (
        <>
          <Text size="sm">{t('replication.network.summary', { routes: routes.length })}</Text>
          <Suspense fallback={<Loader aria-label={t('common.loading')} />}>
            <Graph routes={routes} regionName={regionName} label={t('replication.network.graphLabel')} />
          </Suspense>
          {/* On a phone the table scrolls inside its own box, which takes a keyboard stop so it can be scrolled without a mouse. */}
          <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('replication.network.tableLabel')}>
            <Table striped miw={520} aria-label={t('replication.network.tableLabel')} data-testid="replication-network-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('replication.columns.innovation')}</Table.Th>
                  <Table.Th>{t('replication.network.from')}</Table.Th>
                  <Table.Th>{t('replication.network.to')}</Table.Th>
                  <Table.Th>{t('replication.network.requests')}</Table.Th>
                  <Table.Th>{t('replication.network.furthest')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {routes.map((r) => (
                  <Table.Tr key={r.key}>
                    <Table.Td>{r.innovationName}</Table.Td>
                    <Table.Td>{regionName(r.from)}</Table.Td>
                    <Table.Td>{regionName(r.to)}</Table.Td>
                    <Table.Td>{r.requests}</Table.Td>
                    <Table.Td>{t(`replication.statuses.${r.furthest}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
          {network.data.truncated && <Text size="sm">{t('replication.network.truncated')}</Text>}
        </>
      )}
    </Stack>
  );
}
