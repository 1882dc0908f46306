import { Alert, Badge, Button, Group, Loader, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { replayProgress, SERVICES, useOpenDeadLetters, usePauseOrResume, useQueues, useReplayDeadLetter, useSubscribers, type ServiceName, type Subscriber } from './operations.queries.js';

/**
 * Operasi: what the national operator watches in the event stream. The outside subscribers (state,
 * backlog, replays in progress; pause and resume), each service's queues, and the events a service
 * gave up on (replay). The queue dashboard (/admin/board of each service) stays the place for
 * single jobs; this page is the overview, in the operator's language.
 */
export default function OperationsPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <PageTitle>{t('operations.title')}</PageTitle>
      <Subscribers />
      <Title order={2} size="h3">
        {t('operations.queues')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {SERVICES.map((service) => (
          <Queues key={service} service={service} />
        ))}
      </SimpleGrid>
      <Title order={2} size="h3">
        {t('operations.deadLetters')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {SERVICES.map((service) => (
          <DeadLetters key={service} service={service} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function Subscribers() {
  const { t, i18n } = useTranslation();
  const subscribers = useSubscribers();
  const change = usePauseOrResume();
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {t('operations.subscribers')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('operations.subscribersHelp')}
      </Text>
      {subscribers.isError && (
        <Alert color="red" role="alert">
          {t('operations.loadFailed')}
        </Alert>
      )}
      {change.isError && (
        <Alert color="red" role="alert">
          {t('operations.changeFailed')}
        </Alert>
      )}
      {subscribers.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {subscribers.data && subscribers.data.length === 0 && <Text>{t('operations.noSubscribers')}</Text>}
      {subscribers.data && subscribers.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="subscribers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('operations.name')}</Table.Th>
                <Table.Th>{t('operations.receives')}</Table.Th>
                <Table.Th>{t('operations.state')}</Table.Th>
                <Table.Th>{t('operations.waiting')}</Table.Th>
                <Table.Th>{t('operations.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {subscribers.data.map((s) => (
                <Table.Tr key={s.name} data-testid={`subscriber-${s.name}`}>
                  <Table.Td>
                    <Text fw={600}>{s.name}</Text>
                    <Text size="xs" c="dimmed">
                      {s.kind === 'webhook' ? t('operations.webhook', { url: s.url }) : t('operations.queue', { queue: s.queue })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.patterns.join(', ')}</Text>
                    {s.provinceCode && (
                      <Text size="xs" c="dimmed">
                        {t('operations.province', { code: s.provinceCode })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <State subscriber={s} />
                    <Replays subscriber={s} />
                  </Table.Td>
                  <Table.Td>{s.backlog ? formatNumber(s.backlog.waiting, i18n.language) : '-'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant={s.state === 'active' ? 'default' : 'filled'}
                      loading={change.isPending && change.variables?.name === s.name}
                      onClick={() => change.mutate({ name: s.name, action: s.state === 'active' ? 'pause' : 'resume' })}
                    >
                      {s.state === 'active' ? t('operations.pause') : t('operations.resume')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function State({ subscriber: s }: { subscriber: Subscriber }) {
  const { t, i18n } = useTranslation();
  if (s.state === 'active') return <Badge color="teal">{t('operations.active')}</Badge>;
  return (
    <Stack gap={2}>
      <Badge color={s.pausedReason === 'backlog' ? 'red' : 'gray'}>{t(s.pausedReason === 'backlog' ? 'operations.pausedBacklog' : 'operations.pausedOperator')}</Badge>
      {s.pausedAt && (
        <Text size="xs" c="dimmed">
          {t('operations.since', { when: formatDateTime(s.pausedAt, i18n.language) })}
        </Text>
      )}
    </Stack>
  );
}

/** Replays still running, as bars: a backfill of months takes minutes, and the operator sees it move. */
function Replays({ subscriber }: { subscriber: Subscriber }) {
  const { t, i18n } = useTranslation();
  const running = subscriber.replays.map((r) => ({ replay: r, ...replayProgress(r.progress) })).filter((r) => !r.done);
  return running.map(({ replay, sent, total }) => (
    <Stack key={replay.id} gap={2} mt={4}>
      <Text size="xs">{t('operations.replaying', { sent: formatNumber(sent, i18n.language), total: formatNumber(total, i18n.language) })}</Text>
      <Progress value={total ? (100 * sent) / total : 0} size="sm" aria-label={t('operations.replayProgress', { name: subscriber.name })} />
    </Stack>
  ));
}

function Queues({ service }: { service: ServiceName }) {
  const { t, i18n } = useTranslation();
  const queues = useQueues(service);
  return (
    <Paper withBorder p="sm" data-testid={`queues-${service}`}>
      <Title order={3} size="h5" mb="xs">
        {t(`operations.services.${service}`)}
      </Title>
      {queues.isError && <Text c="red">{t('operations.loadFailed')}</Text>}
      {queues.data?.map((q) => {
        const counts = (q.counts ?? {}) as Record<string, number>;
        return (
        <Group key={q.queue} justify="space-between" wrap="nowrap">
          <Text size="sm" truncate="end">
            {q.queue}
          </Text>
          <Text size="sm" c={q.error ? 'red' : undefined}>
            {q.error ? t('operations.unreadable') : t('operations.depth', { waiting: formatNumber((counts.waiting ?? 0) + (counts.delayed ?? 0), i18n.language), failed: formatNumber(counts.failed ?? 0, i18n.language) })}
          </Text>
        </Group>
        );
      })}
    </Paper>
  );
}

function DeadLetters({ service }: { service: ServiceName }) {
  const { t, i18n } = useTranslation();
  const letters = useOpenDeadLetters(service);
  const replay = useReplayDeadLetter(service);
  return (
    <Paper withBorder p="sm" data-testid={`dead-letters-${service}`}>
      <Title order={3} size="h5" mb="xs">
        {t(`operations.services.${service}`)}
      </Title>
      {letters.isError && <Text c="red">{t('operations.loadFailed')}</Text>}
      {letters.data?.length === 0 && <Text size="sm">{t('operations.noDeadLetters')}</Text>}
      {letters.data?.slice(0, 10).map((d) => (
        <Stack key={d.id} gap={2} mb="xs">
          <Text size="sm" fw={600}>
            {d.type ?? d.jobId}
          </Text>
          <Text size="xs" c="dimmed">
            {d.queue} · {formatDateTime(String(d.failedAt), i18n.language)} · {d.error}
          </Text>
          <Button size="xs" variant="default" w="fit-content" loading={replay.isPending && replay.variables === d.id} onClick={() => replay.mutate(d.id)}>
            {t('operations.replay')}
          </Button>
        </Stack>
      ))}
    </Paper>
  );
}
