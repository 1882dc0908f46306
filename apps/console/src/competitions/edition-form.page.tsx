import { Alert, Button, Checkbox, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { explainError, fieldErrorTexts } from '../api/error-text.js';
import { PageTitle } from '../ui/page-title.js';
import { useStoredDraft } from '../ui/use-stored-draft.js';
import { creatableLevels, kippSchedule, PHASES, REQUIRED_PHASES, type SchedulePhase } from './competition-rules.js';
import { createEdition } from './competitions.queries.js';
import type { CreateEdition, EntryCategory, Level, Phase } from './competitions.types.js';

interface EditionDraft {
  level: Level | '';
  name: string;
  year: number;
  schedule: { phase: SchedulePhase; included: boolean; startsOn: string; endsOn: string }[];
  winnerCount: number;
  forwardingQuota: number | '';
  entriesPerAgency: number;
  minAgeYears: number;
  presentationWeight: number;
  autoAdvance: boolean;
  /** The evidence checklist: indicators an entry needs a document for before it is sent. */
  requiredDocuments?: string[];
  /** A national edition's categories (kelompok), each with the entries-per-agency quota. */
  categories?: EntryCategory[];
}

const thisYear = new Date().getFullYear();

function scheduleRows(year: number): EditionDraft['schedule'] {
  const kipp = kippSchedule(year);
  return PHASES.map((phase) => {
    const w = kipp.find((k) => k.phase === phase);
    return { phase, included: !!w, startsOn: w?.startsOn ?? '', endsOn: w?.endsOn ?? '' };
  });
}

const EMPTY: EditionDraft = { level: '', name: '', year: thisYear, schedule: scheduleRows(thisYear), winnerCount: 3, forwardingQuota: '', entriesPerAgency: 1, minAgeYears: 0, presentationWeight: 0, autoAdvance: true };

/** The POST /editions body: the scheduled phases only, the KIPP 2023 weights by their preset. */
function buildBody(d: EditionDraft, owner: string | null): CreateEdition {
  const scheduled = d.schedule.filter((s) => s.included).map(({ phase, startsOn, endsOn }) => ({ phase, startsOn, endsOn }));
  return {
    level: d.level as Level,
    ...(owner ? { ownerRegionCode: owner } : {}),
    year: d.year,
    name: d.name.trim(),
    schedule: scheduled,
    criteriaPreset: 'kipp-2023',
    winnerCount: d.winnerCount,
    ...(d.forwardingQuota !== '' ? { forwardingQuota: d.forwardingQuota } : {}),
    eligibility: { entriesPerAgency: d.entriesPerAgency, minAgeYears: d.minAgeYears, previousWinnersAllowed: true },
    presentationWeight: d.presentationWeight,
    autoAdvance: d.autoAdvance,
    ...(d.requiredDocuments?.length ? { requiredDocuments: d.requiredDocuments } : {}),
    ...(d.level === 'national' && d.categories?.length ? { categories: d.categories.map((code) => ({ code, quota: d.entriesPerAgency })) } : {}),
  };
}

/**
 * Buat edisi: an admin sets up an edition of their level with the KIPP 2023 criteria preset (the
 * edition's page shows its weights), with the guideline's dates of the chosen year to start from. The unsent form survives a
 * reload; each refusal is shown next to its field.
 */
export default function EditionFormPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const account = session.status === 'signed-in' ? session.account : null;
  const levels = account ? creatableLevels(account) : [];
  const [draft, update, clear] = useStoredDraft<EditionDraft>('lumbung.edition-draft', { ...EMPTY, level: levels[0]?.level ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  if (!account || levels.length === 0) return <Alert color="gray">{t('competitions.form.notAllowed')}</Alert>;
  const owner = levels.find((l) => l.level === draft.level)?.owner ?? null;
  const set = <K extends keyof EditionDraft>(key: K, value: EditionDraft[K]) => update((d) => ({ ...d, [key]: value }));
  const setRow = (i: number, change: Partial<EditionDraft['schedule'][number]>) => update((d) => ({ ...d, schedule: d.schedule.map((s, j) => (i === j ? { ...s, ...change } : s)) }));
  const scheduledIndex = (phase: Phase) => draft.schedule.filter((s) => s.included).findIndex((s) => s.phase === phase);

  const submit = async () => {
    const missing: Record<string, string> = {};
    if (!draft.name.trim()) missing.name = t('errors.field.required');
    if (Object.keys(missing).length) return setErrors(missing);
    setSending(true);
    setErrors({});
    setFailure(null);
    try {
      const created = await createEdition(buildBody(draft, owner));
      clear();
      await client.invalidateQueries({ queryKey: ['editions'] });
      void navigate(`/kompetisi/${created.id}`);
    } catch (error) {
      const byField = fieldErrorTexts(error, t);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setFailure(explainError(error, t, i18n.exists));
    } finally {
      setSending(false);
    }
  };

  // Schedule errors name "schedule.<n>.endsOn" by the position among the phases sent.
  const rowError = (phase: Phase, field: 'startsOn' | 'endsOn') => errors[`schedule.${scheduledIndex(phase)}.${field}`];

  return (
    <Stack maw={880}>
      <PageTitle>{t('competitions.form.title')}</PageTitle>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('competitions.form.level')}
          required
          allowDeselect={false}
          value={draft.level || null}
          data={levels.map((l) => ({ value: l.level, label: t(`tracking.levels.${l.level}`) }))}
          onChange={(v) => set('level', (v ?? '') as Level)}
          error={errors.level ?? errors.ownerRegionCode}
        />
        <NumberInput
          label={t('competitions.form.year')}
          required
          min={2015}
          max={2100}
          value={draft.year}
          onChange={(v) => typeof v === 'number' && set('year', v)}
          error={errors.year}
        />
        <TextInput
          label={t('competitions.form.name')}
          required
          placeholder={t('competitions.form.namePlaceholder', { year: draft.year })}
          value={draft.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
        />
        <NumberInput label={t('competitions.form.winnerCount')} min={1} max={1000} value={draft.winnerCount} onChange={(v) => typeof v === 'number' && set('winnerCount', v)} error={errors.winnerCount} />
        <NumberInput
          label={t('competitions.form.forwardingQuota')}
          description={t('competitions.form.forwardingQuotaHelp')}
          min={1}
          max={1000}
          value={draft.forwardingQuota}
          onChange={(v) => set('forwardingQuota', typeof v === 'number' ? v : '')}
          error={errors.forwardingQuota}
        />
        <NumberInput
          label={t('competitions.form.entriesPerAgency')}
          min={1}
          max={100}
          value={draft.entriesPerAgency}
          onChange={(v) => typeof v === 'number' && set('entriesPerAgency', v)}
          error={errors['eligibility.entriesPerAgency']}
        />
        <NumberInput
          label={t('competitions.form.minAgeYears')}
          min={0}
          max={20}
          value={draft.minAgeYears}
          onChange={(v) => typeof v === 'number' && set('minAgeYears', v)}
          error={errors['eligibility.minAgeYears']}
        />
        <NumberInput
          label={t('competitions.form.presentationWeight')}
          description={t('competitions.form.presentationWeightHelp')}
          min={0}
          max={100}
          value={draft.presentationWeight}
          onChange={(v) => typeof v === 'number' && set('presentationWeight', v)}
          error={errors.presentationWeight}
        />
        <TagsInput
          label={t('documents.required')}
          description={t('documents.requiredHint')}
          value={draft.requiredDocuments ?? []}
          onChange={(v) => set('requiredDocuments', v.map((x) => x.trim().toLowerCase().replace(/\s+/g, '-')).filter(Boolean))}
          maxTags={20}
          error={errors.requiredDocuments}
        />
        {draft.level === 'national' && (
          <MultiSelect
            label={t('competitions.category.label')}
            description={t('competitions.category.hint')}
            data={(['umum', 'khusus', 'replikasi'] as const).map((c) => ({ value: c, label: t(`competitions.category.${c}`) }))}
            value={draft.categories ?? []}
            onChange={(v) => set('categories', v as EntryCategory[])}
            error={errors.categories}
          />
        )}
        <Switch
          label={t('competitions.form.autoAdvance')}
          description={t('competitions.form.autoAdvanceHelp')}
          checked={draft.autoAdvance}
          onChange={(e) => set('autoAdvance', e.currentTarget.checked)}
          mt="md"
        />
      </SimpleGrid>

      <section aria-labelledby="criteria-heading">
        <Title order={3} id="criteria-heading" mb="xs">
          {t('competitions.form.criteria')}
        </Title>
        <Text size="sm" data-testid="preset-note">
          {t('competitions.form.presetNote')}
        </Text>
      </section>

      <section aria-labelledby="schedule-heading">
        <Group justify="space-between" mb="xs">
          <Title order={3} id="schedule-heading">
            {t('competitions.form.schedule')}
          </Title>
          <Button variant="default" onClick={() => set('schedule', scheduleRows(draft.year))}>
            {t('competitions.form.fillKipp', { year: draft.year })}
          </Button>
        </Group>
        {errors.schedule && (
          <Text c="red.8" size="sm" role="alert" mb="xs">
            {errors.schedule}
          </Text>
        )}
        <Stack gap="xs">
          {draft.schedule.map((row, i) => {
            const required = REQUIRED_PHASES.includes(row.phase);
            const phaseName = t(`competitions.phases.${row.phase}`);
            return (
              <SimpleGrid key={row.phase} cols={{ base: 1, sm: 3 }} spacing="xs" data-testid={`schedule-${row.phase}`}>
                <Checkbox
                  label={phaseName}
                  checked={row.included}
                  disabled={required}
                  onChange={(e) => setRow(i, { included: e.currentTarget.checked })}
                  mt={{ base: 0, sm: 30 }}
                />
                <TextInput
                  type="date"
                  label={t('competitions.form.startsOn', { phase: phaseName })}
                  value={row.startsOn}
                  disabled={!row.included}
                  onChange={(e) => setRow(i, { startsOn: e.currentTarget.value })}
                  error={row.included ? rowError(row.phase, 'startsOn') : undefined}
                />
                <TextInput
                  type="date"
                  label={t('competitions.form.endsOn', { phase: phaseName })}
                  value={row.endsOn}
                  disabled={!row.included}
                  onChange={(e) => setRow(i, { endsOn: e.currentTarget.value })}
                  error={row.included ? rowError(row.phase, 'endsOn') : undefined}
                />
              </SimpleGrid>
            );
          })}
        </Stack>
      </section>

      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      <Group>
        <Button loading={sending} onClick={() => void submit()}>
          {t('competitions.form.submit')}
        </Button>
      </Group>
    </Stack>
  );
}
