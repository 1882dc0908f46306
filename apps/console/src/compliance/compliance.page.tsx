import { Alert, Anchor, Group, List, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { provinceOf } from '../app/permissions.js';
import { SECTION_PATHS } from '../app/section-paths.js';
import { formatNumber } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { shareColour, sortRegencies, type ComplianceSortKey, type SortDirection } from './compliance-sort.js';
import { currentYearWib, useCompliance, useProvinces, type ProvinceCompliance, type RegionCompliance } from './compliance.queries.js';

const FIRST_YEAR = 2018;

/** "75%" / "75 %" as the language writes it; the bar is decoration, this is the number. */
function percent(value: number | null | undefined, lang: string) {
  return value === null || value === undefined ? null : `${formatNumber(value, lang, 1)}%`;
}

/**
 * Kepatuhan "Satu OPD Satu Inovasi": a province's regencies/cities with their share as a bar
 * (sortable, each a link to the regency), or one regency's agencies with and without an
 * innovation in the year. The address keeps region and year, so a view can be shared.
 */
export default function CompliancePage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const account = session.status === 'signed-in' ? session.account : null;
  const home = account?.region ?? account?.province ?? (account?.role === 'national-admin' ? '33' : undefined);
  const region = params.get('region') ?? home;
  const year = Number(params.get('year')) || currentYearWib();
  const report = useCompliance(region, year);
  const provinces = useProvinces(account?.role === 'national-admin');
  const years = Array.from({ length: currentYearWib() - FIRST_YEAR + 1 }, (_, i) => String(currentYearWib() - i));
  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };

  return (
    <Stack>
      <PageTitle>{t('compliance.title')}</PageTitle>
      <Anchor component={Link} to={`${SECTION_PATHS.compliance}/impor`}>
        {t('imports.open')}
      </Anchor>
      <Group align="flex-end">
        <Select label={t('compliance.year')} data={years} value={String(year)} onChange={(v) => set('year', v)} allowDeselect={false} w={140} />
        {account?.role === 'national-admin' && (
          <Select
            label={t('compliance.province')}
            searchable
            allowDeselect={false}
            data={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
            value={region && region.length === 2 ? region : region ? provinceOf(region) : null}
            onChange={(v) => set('region', v)}
            w={260}
          />
        )}
      </Group>
      {report.isError && (
        <Alert color="red" role="alert">
          {t('compliance.loadFailed')}
        </Alert>
      )}
      {report.data?.level === 'province' && <ProvinceView report={report.data} year={year} />}
      {report.data?.level === 'regency' && <RegencyView report={report.data} year={year} showBack={account?.role === 'province-admin' || account?.role === 'national-admin'} />}
    </Stack>
  );
}

function ProvinceView({ report, year }: { report: ProvinceCompliance; year: number }) {
  const { t, i18n } = useTranslation();
  const [sort, setSort] = useState<{ key: ComplianceSortKey; direction: SortDirection }>({ key: 'share', direction: 'asc' });
  const rows = sortRegencies(report.regencies, sort.key, sort.direction);
  const header = (key: ComplianceSortKey, label: string) => {
    const active = sort.key === key;
    return (
      <Table.Th scope="col" aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <UnstyledButton
          fw={700}
          onClick={() => setSort({ key, direction: active && sort.direction === 'asc' ? 'desc' : 'asc' })}
          aria-label={t('compliance.sortBy', { column: label })}
        >
          {label} {active ? (sort.direction === 'asc' ? '↑' : '↓') : ''}
        </UnstyledButton>
      </Table.Th>
    );
  };

  return (
    <>
      <Text>
        {t('compliance.provinceSummary', {
          region: report.regionName,
          year,
          with: formatNumber(report.totals.withInnovation, i18n.language),
          agencies: formatNumber(report.totals.agencies, i18n.language),
          share: percent(report.totals.percentage, i18n.language) ?? '—',
        })}
      </Text>
      {report.totals.regenciesWithAgencies === 0 && <Text data-testid="compliance-empty">{t('compliance.emptyProvince', { region: report.regionName })}</Text>}
      <Table.ScrollContainer minWidth={560}>
        <Table striped aria-label={t('compliance.tableLabel', { region: report.regionName, year })}>
          <Table.Thead>
            <Table.Tr>
              {header('name', t('compliance.columns.regency'))}
              {header('agencies', t('compliance.columns.agencies'))}
              {header('share', t('compliance.columns.share'))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const share = percent(row.percentage, i18n.language);
              return (
                <Table.Tr key={row.regionCode} data-testid={`compliance-row-${row.regionCode}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/kepatuhan?region=${row.regionCode}&year=${year}`}>
                      {row.regionName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t('compliance.withOf', { with: formatNumber(row.withInnovation, i18n.language), agencies: formatNumber(row.agencies, i18n.language) })}</Table.Td>
                  <Table.Td miw={200}>
                    {share === null ? (
                      <Text size="sm">{t('compliance.noAgencies')}</Text>
                    ) : (
                      <Group gap="xs" wrap="nowrap">
                        <Progress value={(row.share ?? 0) * 100} color={shareColour(row.share)} w={120} aria-hidden />
                        <Text size="sm">{share}</Text>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm">
        {t('compliance.provinceGovernment', {
          with: formatNumber(report.provinceGovernment.withInnovation, i18n.language),
          agencies: formatNumber(report.provinceGovernment.agencies, i18n.language),
        })}
      </Text>
    </>
  );
}

function RegencyView({ report, year, showBack }: { report: RegionCompliance; year: number; showBack: boolean }) {
  const { t, i18n } = useTranslation();
  const share = percent(report.percentage, i18n.language);
  return (
    <>
      {showBack && (
        <Anchor component={Link} to={`/kepatuhan?region=${provinceOf(report.regionCode)}&year=${year}`} size="sm">
          {t('compliance.backToProvince')}
        </Anchor>
      )}
      <Title order={3}>{report.regionName}</Title>
      {report.agencies === 0 ? (
        <Text data-testid="compliance-empty">{t('compliance.emptyRegency', { region: report.regionName })}</Text>
      ) : (
        <>
          <Group gap="sm" wrap="nowrap">
            <Progress value={(report.share ?? 0) * 100} color={shareColour(report.share)} w={200} aria-hidden />
            <Text data-testid="compliance-summary">
              {t('compliance.regencySummary', { with: formatNumber(report.withInnovation, i18n.language), agencies: formatNumber(report.agencies, i18n.language), share, year })}
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder p="md">
              <Title order={4} mb="xs" id="without-innovation">
                {t('compliance.without', { year })}
              </Title>
              {report.nonCompliant.length === 0 ? (
                <Text>{t('compliance.allHave', { year })}</Text>
              ) : (
                <List aria-labelledby="without-innovation">
                  {report.nonCompliant.map((a) => (
                    <List.Item key={a.id}>{a.name}</List.Item>
                  ))}
                </List>
              )}
            </Paper>
            <Paper withBorder p="md">
              <Title order={4} mb="xs" id="with-innovation">
                {t('compliance.with', { year })}
              </Title>
              {report.compliant.length === 0 ? (
                <Text>{t('compliance.noneHave', { year })}</Text>
              ) : (
                <List aria-labelledby="with-innovation">
                  {report.compliant.map((a) => (
                    <List.Item key={a.id}>{t('compliance.agencyWithCount', { name: a.name, count: a.innovations })}</List.Item>
                  ))}
                </List>
              )}
            </Paper>
          </SimpleGrid>
        </>
      )}
    </>
  );
}
