import { Alert, Anchor, Button, Group, Loader, NumberInput, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { formatNumber } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { funnel, NATIONAL_AWARDS } from './funnel.js';
import { useTracking } from './tracking.queries.js';
import type { TrackedEntry, TrackingCounts } from './tracking.types.js';

// The chart library is the heaviest thing on the page: it comes as its own chunk, after the table.
const FunnelChart = lazy(() => import('./funnel-chart.js'));

const PROVINCES = [{ value: '33', label: 'Jawa Tengah' }];
const thisYear = () => new Date().getFullYear();

/** "Top 45: 1, Tidak terpilih: 2" — a region's national results, or a dash. */
function nationalSummary(counts: TrackingCounts, label: (result: string) => string, dash: string) {
  const parts = Object.entries(counts.nationalResults)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => [...NATIONAL_AWARDS, 'not-selected'].indexOf(a as never) - [...NATIONAL_AWARDS, 'not-selected'].indexOf(b as never))
    .map(([r, n]) => `${label(r)}: ${n}`);
  if (counts.atNational > 0 && parts.length === 0) return String(counts.atNational);
  return parts.length ? parts.join(', ') : dash;
}

/** Where one entry got to, in words: "Provinsi: Pemenang", "Nasional: Top 45". */
function reachedLabel(entry: TrackedEntry, t: TFunction) {
  const [level, state] = entry.reached.split(':');
  const stateLabel = level === 'national' ? t(`tracking.results.${state}`, { defaultValue: t(`tracking.states.${state}`, { defaultValue: state }) }) : t(`tracking.states.${state}`, { defaultValue: state });
  return `${t(`tracking.levels.${level}`, { defaultValue: level })}: ${stateLabel}`;
}

/**
 * Pelacakan Nominasi: for a province and a year, what each regency/city sent and how far it got,
 * as a table to look things up and a funnel to compare, with the funnel's numbers as a table too;
 * a regency opens its entries, an entry opens its lineage. Province and year live in the address.
 */
export default function TrackingPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const ownProvince = session.status === 'signed-in' ? session.account.province : null;
  const province = params.get('provinsi') ?? ownProvince ?? '33';
  const year = Number(params.get('tahun')) || thisYear();
  const selected = params.get('wilayah');
  const tracking = useTracking(province, year);
  const dash = '—';
  const pct = (share: number | null) => (share === null ? dash : `${formatNumber(share * 100, lang, 1)}%`);

  const set = (key: string, value: string | null) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value) next.set(key, value);
      else next.delete(key);
      if (key !== 'wilayah') next.delete('wilayah');
      return next;
    });

  const steps = useMemo(() => (tracking.data ? funnel(tracking.data.totals) : []), [tracking.data]);
  const chartSteps = useMemo(() => steps.map((s) => ({ label: t(`tracking.stages.${s.stage}`), value: s.value, display: formatNumber(s.value, lang) })), [steps, t, lang]);
  const region = tracking.data?.regions.find((r) => r.regionCode === selected) ?? null;
  const resultLabel = (r: string) => t(`tracking.results.${r}`, { defaultValue: r });

  return (
    <Stack>
      <PageTitle>{t('sections.tracking')}</PageTitle>
      <Group align="flex-end">
        <Select label={t('tracking.province')} value={province} data={PROVINCES} allowDeselect={false} onChange={(v) => set('provinsi', v)} w={200} />
        <NumberInput label={t('tracking.year')} value={year} min={2015} max={thisYear() + 1} onChange={(v) => typeof v === 'number' && v >= 2015 && set('tahun', String(v))} w={120} />
      </Group>

      {tracking.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : tracking.isError ? (
        <Alert color="red" role="alert">
          {t('tracking.loadFailed')}
        </Alert>
      ) : (
        <>
          <section aria-labelledby="funnel-heading">
            <Title order={3} id="funnel-heading" mb="sm">
              {t('tracking.funnelTitle', { year })}
            </Title>
            {tracking.data.totals.submitted === 0 ? (
              <Text data-testid="tracking-empty">{t('tracking.empty', { year })}</Text>
            ) : (
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <Suspense fallback={<Loader size="sm" aria-label={t('common.loading')} />}>
                  <FunnelChart steps={chartSteps} label={t('tracking.chartLabel', { year, submitted: tracking.data.totals.submitted })} />
                </Suspense>
                <Table aria-label={t('tracking.funnelTable')} data-testid="funnel-table" layout="fixed" fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('tracking.stage')}</Table.Th>
                      <Table.Th ta="right">{t('tracking.entries')}</Table.Th>
                      <Table.Th ta="right">{t('tracking.ofPrevious')}</Table.Th>
                      <Table.Th ta="right">{t('tracking.ofSubmitted')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {steps.map((s) => (
                      <Table.Tr key={s.stage}>
                        <Table.Td>{t(`tracking.stages.${s.stage}`)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(s.value, lang)}</Table.Td>
                        <Table.Td ta="right">{pct(s.ofPrevious)}</Table.Td>
                        <Table.Td ta="right">{pct(s.ofSubmitted)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </SimpleGrid>
            )}
          </section>

          <section aria-labelledby="regions-heading">
            <Title order={3} id="regions-heading" mb="sm">
              {t('tracking.regionsTitle')}
            </Title>
            <Table.ScrollContainer minWidth={860}>
              <Table striped highlightOnHover aria-label={t('tracking.regionsTable')} data-testid="tracking-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('tracking.columns.region')}</Table.Th>
                    <Table.Th ta="right">{t('tracking.columns.submitted')}</Table.Th>
                    <Table.Th ta="right">{t('tracking.columns.admitted')}</Table.Th>
                    <Table.Th ta="right">{t('tracking.columns.won')}</Table.Th>
                    <Table.Th ta="right">{t('tracking.columns.forwarded')}</Table.Th>
                    <Table.Th>{t('tracking.columns.province')}</Table.Th>
                    <Table.Th>{t('tracking.columns.national')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {tracking.data.regions.map((r) => (
                    <Table.Tr key={r.regionCode}>
                      <Table.Td>
                        {r.counts.submitted > 0 ? (
                          <Anchor component="button" type="button" onClick={() => set('wilayah', r.regionCode)} aria-pressed={selected === r.regionCode}>
                            {r.regionName}
                          </Anchor>
                        ) : (
                          r.regionName
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(r.counts.submitted, lang)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(r.counts.admitted, lang)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(r.counts.won, lang)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(r.counts.forwarded, lang)}</Table.Td>
                      <Table.Td>{r.counts.atProvince > 0 ? t('tracking.provinceResult', { won: r.counts.wonAtProvince, of: r.counts.atProvince }) : dash}</Table.Td>
                      <Table.Td>{nationalSummary(r.counts, resultLabel, dash)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </section>

          {region && (
            <section aria-labelledby="entries-heading">
              <Group justify="space-between" mb="sm">
                <Title order={3} id="entries-heading">
                  {t('tracking.entriesOf', { region: region.regionName })}
                </Title>
                <Button variant="subtle" onClick={() => set('wilayah', null)}>
                  {t('tracking.closeEntries')}
                </Button>
              </Group>
              <Table.ScrollContainer minWidth={640}>
                <Table striped aria-label={t('tracking.entriesOf', { region: region.regionName })}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('tracking.columns.innovation')}</Table.Th>
                      <Table.Th>{t('tracking.columns.agency')}</Table.Th>
                      <Table.Th>{t('tracking.columns.reached')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {region.entries.map((e) => {
                      const first = e.regency ?? e.province;
                      return (
                        <Table.Tr key={first?.entryId ?? e.innovationId}>
                          <Table.Td>
                            {first ? (
                              <Anchor component={Link} to={`/pelacakan/entri/${first.entryId}`}>
                                {e.innovationName}
                              </Anchor>
                            ) : (
                              e.innovationName
                            )}
                          </Table.Td>
                          <Table.Td>{e.agencyName}</Table.Td>
                          <Table.Td>{reachedLabel(e, t)}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </section>
          )}
        </>
      )}
    </Stack>
  );
}
