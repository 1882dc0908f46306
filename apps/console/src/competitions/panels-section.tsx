import { Alert, Badge, Button, Group, Loader, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../accounts/use-session.js';
import { explainError, fieldErrorTexts } from '../api/error-text.js';
import { PageControls, usePaged } from '../ui/paged.js';
import { savePanels, useJurors, usePanels } from './competitions.queries.js';
import type { EditionWithCounts, Entry, Juror } from './competitions.types.js';
import { evenSplit, moveInDraft, type PanelDraft } from './panel-split.js';

/** Entries a panel may take (the service's PANEL_STATES). */
const PANEL_STATES: readonly Entry['state'][] = ['submitted', 'returned', 'admitted', 'scored', 'finalist', 'winner', 'not-selected'];
const NONE = 'none';

/**
 * The jury's panels: who sits on which and how many entries each scores. The edition's admin
 * splits the jury (an even split to start from, then any juror or entry moved by hand) until
 * the decision; a juror sees their own panel.
 */
export function PanelsSection({ edition, runs, entries }: { edition: EditionWithCounts; runs: boolean; entries: Entry[] }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const panels = usePanels(edition.id);
  const jurors = useJurors(edition.id);
  const [draft, setDraft] = useState<PanelDraft[] | null>(null);
  const [count, setCount] = useState<number | string>(2);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const candidates = entries.filter((e) => PANEL_STATES.includes(e.state));
  const paged = usePaged(candidates, 25);
  if (panels.isPending || jurors.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (panels.isError || jurors.isError) return <Text size="sm">{t('competitions.loadFailed')}</Text>;
  const nameOf = new Map(jurors.data.map((j: Juror) => [j.jurorId, j.name]));
  const entryName = new Map(entries.map((e) => [e.id, e.innovationName]));
  const me = session.status === 'signed-in' ? session.account.id : null;
  const mine = panels.data.panels.find((p) => me && p.jurorIds.includes(me));
  const editable = runs && !edition.decidedAt && edition.phase !== 'closed';

  const start = () => {
    setFailure(null);
    setDraft(panels.data.panels.map((p) => ({ id: p.id, name: p.name, jurorIds: [...p.jurorIds], entryIds: [...p.entryIds] })));
  };
  const split = () => setDraft(evenSplit(jurors.data, candidates, typeof count === 'number' ? count : 2, t('competitions.panels.panel')));
  const save = async (layout: PanelDraft[]) => {
    setSaving(true);
    setFailure(null);
    try {
      await savePanels(edition.id, { panels: layout.map((p) => ({ ...(p.id ? { id: p.id } : {}), name: p.name, jurorIds: p.jurorIds, entryIds: p.entryIds })) });
      await panels.refetch();
      setDraft(null);
    } catch (error) {
      // A refusal names panels.<i>.jurorIds.<j> or panels.<i>.entryIds.<j>: say whom or which entry it is about.
      const label = (field: string) => {
        const [, i, kind, j] = field.split('.');
        const id = layout[Number(i)]?.[kind as 'jurorIds' | 'entryIds']?.[Number(j)];
        return id ? `${layout[Number(i)].name} · ${nameOf.get(id) ?? entryName.get(id) ?? id}` : field;
      };
      const byField = Object.entries(fieldErrorTexts(error, t)).map(([field, text]) => `${label(field)}: ${text}`);
      setFailure(byField.length ? byField.join(' ') : explainError(error, t, i18n.exists));
    } finally {
      setSaving(false);
    }
  };
  const panelOptions = (d: PanelDraft[]) => [{ value: NONE, label: t('competitions.panels.none') }, ...d.map((p, i) => ({ value: String(i), label: p.name }))];
  const indexOf = (d: PanelDraft[], kind: 'jurorIds' | 'entryIds', id: string) => {
    const i = d.findIndex((p) => p[kind].includes(id));
    return i < 0 ? NONE : String(i);
  };

  return (
    <section aria-labelledby="panels-heading">
      <Title order={3} id="panels-heading" mb="sm">
        {t('competitions.panels.title')}
      </Title>
      {mine && (
        <Text size="sm" mb="xs" data-testid="your-panel">
          {t('competitions.panels.yours', { panel: mine.name, count: mine.entryIds.length })}
        </Text>
      )}
      {panels.data.panels.length === 0 ? (
        <Text size="sm" data-testid="panels-none">
          {t('competitions.panels.noPanels')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid="panels-list">
          {panels.data.panels.map((p) => (
            <Paper key={p.id} withBorder p="sm">
              <Group gap="xs" mb={4}>
                <Text fw={600}>{p.name}</Text>
                <Badge variant="light">{t('competitions.panels.entries', { count: p.entryIds.length })}</Badge>
              </Group>
              <Text size="sm">{p.jurorIds.map((id) => nameOf.get(id) ?? id).join(', ') || t('competitions.panels.noJurors')}</Text>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      {panels.data.panels.length > 0 && panels.data.unassignedEntries > 0 && (
        <Text size="sm" mt="xs">
          {t('competitions.panels.unassigned', { count: panels.data.unassignedEntries })}
        </Text>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        {t('competitions.panels.rule')}
      </Text>
      {editable && !draft && (
        <Group mt="sm">
          <Button variant="default" onClick={start} disabled={jurors.data.length < 2}>
            {t('competitions.panels.edit')}
          </Button>
          {panels.data.panels.length > 0 && (
            <Button variant="subtle" color="red" loading={saving} onClick={() => void save([])}>
              {t('competitions.panels.dissolve')}
            </Button>
          )}
        </Group>
      )}
      {draft && (
        <Stack mt="sm" gap="sm" data-testid="panels-editor">
          <Group align="flex-end">
            <NumberInput label={t('competitions.panels.count')} min={1} max={jurors.data.length} value={count} onChange={setCount} w={160} />
            <Button variant="default" onClick={split}>
              {t('competitions.panels.split')}
            </Button>
          </Group>
          <Table.ScrollContainer minWidth={420}>
            <Table aria-label={t('competitions.panels.jurorsTable')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('competitions.edition.jurors')}</Table.Th>
                  <Table.Th>{t('competitions.panels.panel')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {jurors.data.map((j) => (
                  <Table.Tr key={j.jurorId}>
                    <Table.Td>{j.name}</Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={t('competitions.panels.panelOf', { name: j.name })}
                        data={panelOptions(draft)}
                        value={indexOf(draft, 'jurorIds', j.jurorId)}
                        onChange={(v) => setDraft(moveInDraft(draft, 'jurorIds', j.jurorId, v === null || v === NONE ? -1 : Number(v)))}
                        allowDeselect={false}
                        w={180}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Table.ScrollContainer minWidth={420}>
            <Table aria-label={t('competitions.panels.entriesTable')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('competitions.columns.innovation')}</Table.Th>
                  <Table.Th>{t('competitions.panels.panel')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {paged.shown.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      {e.innovationName}
                      <Text size="xs" c="dimmed">
                        {e.agencyName}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={t('competitions.panels.panelOf', { name: e.innovationName })}
                        data={panelOptions(draft)}
                        value={indexOf(draft, 'entryIds', e.id)}
                        onChange={(v) => setDraft(moveInDraft(draft, 'entryIds', e.id, v === null || v === NONE ? -1 : Number(v)))}
                        allowDeselect={false}
                        w={180}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <PageControls page={paged.page} pages={paged.pages} setPage={paged.setPage} />
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <Group>
            <Button loading={saving} onClick={() => void save(draft)}>
              {t('competitions.panels.save')}
            </Button>
            <Button variant="default" onClick={() => setDraft(null)}>
              {t('competitions.back')}
            </Button>
          </Group>
        </Stack>
      )}
      {failure && !draft && (
        <Alert color="red" role="alert" mt="sm">
          {failure}
        </Alert>
      )}
    </section>
  );
}
