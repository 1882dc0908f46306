import { Alert, Anchor, Badge, Button, Group, Loader, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import type { Scope } from '../app/permissions.js';
import { formatDate } from '../i18n/format.js';
import { PageTitle } from '../ui/page-title.js';
import { PageControls, usePaged } from '../ui/paged.js';
import { creatableLevels, LEVELS } from './competition-rules.js';
import { useEditions, useEditionsById } from './competitions.queries.js';
import type { Edition, Level } from './competitions.types.js';

const PAGE_SIZE = 20;

/** The window of the phase an edition is in, for the list: "13 Oktober 2022 – 13 November 2022". */
function currentWindow(edition: Edition, lang: string): string | null {
  const w = edition.schedule.find((s) => s.phase === edition.phase);
  return w ? `${formatDate(w.startsOn, lang)} – ${formatDate(w.endsOn, lang)}` : null;
}

function EditionTable({ editions, caption }: { editions: Edition[]; caption: string }) {
  const { t, i18n } = useTranslation();
  const { page, setPage, pages, shown } = usePaged(editions, PAGE_SIZE);
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover aria-label={caption} data-testid="editions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('competitions.columns.name')}</Table.Th>
              <Table.Th>{t('competitions.columns.level')}</Table.Th>
              <Table.Th ta="right">{t('competitions.columns.year')}</Table.Th>
              <Table.Th>{t('competitions.columns.phase')}</Table.Th>
              <Table.Th>{t('competitions.columns.window')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/kompetisi/${e.id}`}>
                    {e.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(`tracking.levels.${e.level}`)}</Table.Td>
                <Table.Td ta="right">{e.year}</Table.Td>
                <Table.Td>
                  <Badge variant="outline" color={e.phase === 'closed' ? 'gray' : 'teal'}>
                    {t(`competitions.phases.${e.phase}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{currentWindow(e, i18n.language) ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <PageControls page={page} pages={pages} setPage={setPage} />
    </>
  );
}

/** A juror's list: the editions their account names, whatever their region. */
function JurorEditions({ scope }: { scope: Scope }) {
  const { t } = useTranslation();
  const ids = scope.editions ?? [];
  const editions = useEditionsById(ids);
  if (ids.length === 0) return <Text data-testid="editions-empty">{t('competitions.jurorNone')}</Text>;
  if (editions.isPending) return <Loader aria-label={t('common.loading')} />;
  if (editions.isError)
    return (
      <Alert color="red" role="alert">
        {t('competitions.loadFailed')}
      </Alert>
    );
  return <EditionTable editions={editions.data} caption={t('competitions.jurorEditions')} />;
}

/**
 * Kompetisi: the editions by level and year, newest first (both filters in the address, so a list
 * can be shared); "Buat edisi" for an admin of a level; a juror sees the editions they judge.
 */
export default function CompetitionsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const level = (params.get('tingkat') as Level | null) ?? undefined;
  const year = Number(params.get('tahun')) || undefined;
  const editions = useEditions({ level, year });
  if (session.status !== 'signed-in') return null;
  const scope = session.account;

  const set = (key: string, value: string | null) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  if (scope.role === 'juror') {
    return (
      <Stack>
        <PageTitle>{t('sections.competitions')}</PageTitle>
        <Text>{t('competitions.jurorIntro')}</Text>
        <JurorEditions scope={scope} />
      </Stack>
    );
  }

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <PageTitle>{t('sections.competitions')}</PageTitle>
        {creatableLevels(scope).length > 0 && (
          <Button component={Link} to="/kompetisi/baru">
            {t('competitions.create')}
          </Button>
        )}
      </Group>
      <Group align="flex-end">
        <Select
          label={t('competitions.filters.level')}
          placeholder={t('competitions.filters.allLevels')}
          clearable
          value={level ?? null}
          data={LEVELS.map((l) => ({ value: l, label: t(`tracking.levels.${l}`) }))}
          onChange={(v) => set('tingkat', v)}
          w={200}
        />
        <NumberInput label={t('competitions.filters.year')} value={year ?? ''} min={2015} max={2100} onChange={(v) => set('tahun', typeof v === 'number' && v >= 2015 ? String(v) : null)} w={140} />
      </Group>
      {editions.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : editions.isError ? (
        <Alert color="red" role="alert">
          {t('competitions.loadFailed')}
        </Alert>
      ) : editions.data.length === 0 ? (
        <Text data-testid="editions-empty">{t('competitions.empty')}</Text>
      ) : (
        <EditionTable key={`${level}-${year}`} editions={editions.data} caption={t('competitions.editionsTable')} />
      )}
    </Stack>
  );
}
