import { ActionIcon, Alert, Anchor, Button, Checkbox, Fieldset, Group, Loader, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Account } from '../api/accounts.client.js';
import { useSession } from '../accounts/use-session.js';
import { ApiError } from '../api/api-error.js';
import { mayManageAgencyData, mayOnInnovation, mayRegisterInnovations, provinceOf } from '../app/permissions.js';
import { STAGES } from '../catalogue/catalogue-filters.js';
import { useAgencies, useInnovation, useInnovationTypes, useRegencies } from '../catalogue/catalogue.queries.js';
import { PageTitle } from '../ui/page-title.js';
import { fieldErrorTexts } from '../api/error-text.js';
import { draftFromRecord, EMPTY_DRAFT, FORMS, INITIATORS, staleEdit, TEXT_FIELDS, type ContentField, type InnovationDraft, type InnovationRecord } from './innovation-draft.js';
import { fetchInnovation, registerInnovation, reviseInnovation } from './innovation-writes.js';

// Mantine's yellow title on its light yellow is below AA contrast: the title in the text colour.
const STALE_ALERT_STYLES = { title: { color: 'var(--mantine-color-text)' } };

type Set = <K extends keyof InnovationDraft>(key: K, value: InnovationDraft[K]) => void;

/** Reads a kept draft; a draft from an older form shape is completed with blanks. */
function readStored<T>(key: string): T | null {
  try {
    const saved = localStorage.getItem(key);
    return saved ? (JSON.parse(saved) as T) : null;
  } catch {
    return null;
  }
}

/** Every field of the record, each with its error next to it. `mode` decides where it belongs and its stage. */
function InnovationFields({ account, draft, set, errors, mode }: { account: Account; draft: InnovationDraft; set: Set; errors: Record<string, string>; mode: 'register' | 'revise' }) {
  const { t } = useTranslation();
  const province = account.province ?? (account.region ? provinceOf(account.region) : '33');
  const regencies = useRegencies(province);
  const agencies = useAgencies(draft.regionCode || undefined);
  const types = useInnovationTypes(draft.regionCode || undefined);
  const label = (f: string) => t(`innovation.fields.${f}`);
  const fixedRegion = account.role === 'agency-staff' || account.role === 'region-admin';
  const agencyOptions = (agencies.data ?? []).filter((a) => !a.retiredAt && mayManageAgencyData(account, a.regionCode, a.id)).map((a) => ({ value: a.id, label: a.name }));
  // A revision may keep a type the region has since retired; registration offers only active ones.
  const typeOptions = (types.data ?? []).filter((ty) => !ty.retiredAt || ty.code === draft.typeCode).map((ty) => ({ value: ty.code, label: ty.name }));
  const setEvidence = (i: number, key: 'indicator' | 'url' | 'note', value: string) => set('evidence', draft.evidence.map((e, j) => (j === i ? { ...e, [key]: value } : e)));

  return (
    <Stack gap="md">
      {mode === 'register' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {fixedRegion ? (
            <TextInput label={label('region')} value={regencies.data?.find((r) => r.code === draft.regionCode)?.name ?? draft.regionCode} readOnly error={errors.regionCode} />
          ) : (
            <Select
              label={label('region')}
              required
              searchable
              value={draft.regionCode || null}
              onChange={(v) => {
                set('regionCode', v ?? '');
                set('agencyId', '');
              }}
              data={(regencies.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
              error={errors.regionCode}
            />
          )}
          {account.role === 'agency-staff' ? (
            <TextInput label={label('agency')} value={agencies.data?.find((a) => a.id === draft.agencyId)?.name ?? ''} readOnly error={errors.agencyId} />
          ) : (
            <Select label={label('agency')} required searchable value={draft.agencyId || null} onChange={(v) => set('agencyId', v ?? '')} data={agencyOptions} error={errors.agencyId} />
          )}
        </SimpleGrid>
      )}
      <TextInput label={label('name')} required value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={label('typeCode')} required value={draft.typeCode || null} onChange={(v) => set('typeCode', v ?? '')} data={typeOptions} error={errors.typeCode} />
        {mode === 'register' ? (
          <Select
            label={label('stage')}
            required
            allowDeselect={false}
            value={draft.stage}
            onChange={(v) => set('stage', (v ?? 'inisiatif') as InnovationDraft['stage'])}
            data={STAGES.map((s) => ({ value: s, label: t(`innovation.stages.${s}`) }))}
            error={errors.stage}
          />
        ) : (
          <TextInput label={label('stage')} value={t(`innovation.stages.${draft.stage}`)} readOnly description={t('innovationForm.stageElsewhere')} />
        )}
        <Select
          label={label('initiator')}
          required
          value={draft.initiator || null}
          onChange={(v) => set('initiator', v ?? '')}
          data={INITIATORS.map((i) => ({ value: i, label: t(`innovation.initiators.${i}`) }))}
          error={errors.initiator}
        />
        <Select label={label('form')} required value={draft.form || null} onChange={(v) => set('form', v ?? '')} data={FORMS.map((f) => ({ value: f, label: t(`innovation.forms.${f}`) }))} error={errors.form} />
        <TextInput label={label('governmentAffair')} required value={draft.governmentAffair} onChange={(e) => set('governmentAffair', e.currentTarget.value)} error={errors.governmentAffair} />
        <Checkbox label={t('innovationForm.digital')} checked={draft.digital} onChange={(e) => set('digital', e.currentTarget.checked)} error={errors.digital} mt={{ sm: 'xl' }} />
        <TextInput
          label={label('trialStartedOn')}
          type="date"
          required={draft.stage === 'uji-coba'}
          value={draft.trialStartedOn}
          onChange={(e) => set('trialStartedOn', e.currentTarget.value)}
          error={errors.trialStartedOn}
        />
        <TextInput
          label={label('implementedOn')}
          type="date"
          required={draft.stage === 'penerapan'}
          value={draft.implementedOn}
          onChange={(e) => set('implementedOn', e.currentTarget.value)}
          error={errors.implementedOn}
        />
      </SimpleGrid>
      {TEXT_FIELDS.map((f) => (
        <Textarea key={f} label={label(f)} autosize minRows={2} maxRows={10} value={draft[f]} onChange={(e) => set(f, e.currentTarget.value)} error={errors[f]} />
      ))}

      <Fieldset legend={label('evidence')}>
        <Stack gap="sm">
          {draft.evidence.length === 0 && <Text size="sm">{t('innovationForm.noEvidence')}</Text>}
          {draft.evidence.map((e, i) => (
            <Group key={i} align="end" gap="xs" wrap="wrap">
              <TextInput style={{ flex: '1 1 10rem' }} label={t('innovationForm.evidenceIndicator', { n: i + 1 })} value={e.indicator} onChange={(ev) => setEvidence(i, 'indicator', ev.currentTarget.value)} error={errors[`evidence.${i}.indicator`]} />
              <TextInput style={{ flex: '2 1 14rem' }} label={t('innovationForm.evidenceUrl', { n: i + 1 })} type="url" value={e.url} onChange={(ev) => setEvidence(i, 'url', ev.currentTarget.value)} error={errors[`evidence.${i}.url`]} />
              <TextInput style={{ flex: '1 1 10rem' }} label={t('innovationForm.evidenceNote', { n: i + 1 })} value={e.note} onChange={(ev) => setEvidence(i, 'note', ev.currentTarget.value)} error={errors[`evidence.${i}.note`]} />
              <ActionIcon variant="default" size="lg" aria-label={t('innovationForm.removeEvidence', { n: i + 1 })} onClick={() => set('evidence', draft.evidence.filter((_, j) => j !== i))}>
                ×
              </ActionIcon>
            </Group>
          ))}
          {errors.evidence && (
            <Text c="red.9" size="sm">
              {errors.evidence}
            </Text>
          )}
          <Button variant="default" onClick={() => set('evidence', [...draft.evidence, { indicator: '', url: '', note: '' }])} style={{ alignSelf: 'start' }}>
            {t('innovationForm.addEvidence')}
          </Button>
        </Stack>
      </Fieldset>

      <Fieldset legend={t('innovationForm.contact')}>
        <Text size="sm" mb="xs">
          {t('innovationForm.contactHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('innovationForm.contactName')} value={draft.contactName} onChange={(e) => set('contactName', e.currentTarget.value)} error={errors['contact.name']} />
          <TextInput label={t('innovationForm.contactPosition')} value={draft.contactPosition} onChange={(e) => set('contactPosition', e.currentTarget.value)} error={errors['contact.position']} />
          <TextInput label={t('innovationForm.contactPhone')} type="tel" value={draft.contactPhone} onChange={(e) => set('contactPhone', e.currentTarget.value)} error={errors['contact.phone']} />
          <TextInput label={t('innovationForm.contactEmail')} type="email" value={draft.contactEmail} onChange={(e) => set('contactEmail', e.currentTarget.value)} error={errors['contact.email']} />
        </SimpleGrid>
        {errors.contact && (
          <Text c="red.9" size="sm">
            {errors.contact}
          </Text>
        )}
      </Fieldset>
    </Stack>
  );
}

/** The field paths the form shows next to a field; any other error is listed above the button. */
function shownPaths(draft: InnovationDraft): string[] {
  const base = ['regionCode', 'agencyId', 'name', 'typeCode', 'stage', 'initiator', 'form', 'governmentAffair', 'digital', 'trialStartedOn', 'implementedOn', ...TEXT_FIELDS, 'evidence', 'contact'];
  const evidence = draft.evidence.flatMap((_, i) => ['indicator', 'url', 'note'].map((k) => `evidence.${i}.${k}`));
  return [...base, ...evidence, 'contact.name', 'contact.position', 'contact.phone', 'contact.email'];
}

/** Errors, and a failure that names no field, of a refused write. */
function useWriteErrors() {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const show = (error: unknown, draft: InnovationDraft) => {
    const byField = fieldErrorTexts(error, t, (f) => t(`innovation.fields.${f}`, { defaultValue: f }));
    setErrors(byField);
    const shown = new Set(shownPaths(draft));
    const elsewhere = Object.entries(byField).filter(([f]) => !shown.has(f));
    if (elsewhere.length > 0) setFailure(elsewhere.map(([f, text]) => `${f}: ${text}`).join(' '));
    else if (Object.keys(byField).length === 0) setFailure(error instanceof ApiError && error.status === 403 ? t('innovationForm.forbidden') : t('innovationForm.failed'));
    else setFailure(t('innovationForm.fixFields'));
  };
  const clear = () => {
    setErrors({});
    setFailure(null);
  };
  return { errors, failure, show, clear };
}

function Failure({ text }: { text: string | null }) {
  return text ? (
    <Alert color="red" role="alert">
      {text}
    </Alert>
  ) : null;
}

function RegisterInnovation({ account }: { account: Account }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const key = `lumbung.innovation-draft.new.${account.id}`;
  const fixed: Partial<InnovationDraft> = {
    ...(account.role === 'agency-staff' || account.role === 'region-admin' ? { regionCode: account.region ?? '' } : {}),
    ...(account.role === 'agency-staff' ? { agencyId: account.agency ?? '' } : {}),
  };
  // An unsent draft survives a reload: what the user typed is never lost.
  const [draft, setDraft] = useState<InnovationDraft>(() => ({ ...EMPTY_DRAFT, ...readStored<Partial<InnovationDraft>>(key), ...fixed }));
  const [sending, setSending] = useState(false);
  const { errors, failure, show, clear } = useWriteErrors();
  useEffect(() => localStorage.setItem(key, JSON.stringify(draft)), [draft, key]);
  const set: Set = (k, v) => setDraft((d) => ({ ...d, [k]: v }));

  const submit = async () => {
    clear();
    setSending(true);
    try {
      const created = await registerInnovation(draft);
      localStorage.removeItem(key);
      await client.invalidateQueries({ queryKey: ['innovations'] });
      void navigate(`/katalog/${created.id}`);
    } catch (error) {
      show(error, draft);
    } finally {
      setSending(false);
    }
  };

  return (
    <Stack maw={860}>
      <PageTitle>{t('innovationForm.registerTitle')}</PageTitle>
      <Text size="sm">{t('innovationForm.draftKept')}</Text>
      <InnovationFields account={account} draft={draft} set={set} errors={errors} mode="register" />
      <Failure text={failure} />
      <Group>
        <Button loading={sending} onClick={() => void submit()}>
          {t('innovationForm.register')}
        </Button>
        <Button
          variant="subtle"
          onClick={() => {
            localStorage.removeItem(key);
            setDraft({ ...EMPTY_DRAFT, ...fixed });
            clear();
          }}
        >
          {t('innovationForm.discard')}
        </Button>
      </Group>
    </Stack>
  );
}

/** A revision in progress: the version it was made from, the record as read, and the user's form. */
interface Revision {
  version: number;
  base: InnovationDraft;
  draft: InnovationDraft;
}

interface Stale {
  theirs: ContentField[];
  both: ContentField[];
  version: number;
  current: InnovationDraft;
  reapplied: InnovationDraft;
}

function ReviseInnovation({ account, record }: { account: Account; record: InnovationRecord }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const key = `lumbung.innovation-revision.${record.id}.${account.id}`;
  const [revision, setRevision] = useState<Revision>(() => {
    const saved = readStored<Revision>(key);
    if (saved?.draft && saved.base && typeof saved.version === 'number') return saved;
    const fromRecord = draftFromRecord(record);
    return { version: record.version, base: fromRecord, draft: fromRecord };
  });
  const [stale, setStale] = useState<Stale | null>(null);
  const [reapplied, setReapplied] = useState(false);
  const [sending, setSending] = useState(false);
  const { errors, failure, show, clear } = useWriteErrors();
  useEffect(() => localStorage.setItem(key, JSON.stringify(revision)), [revision, key]);
  const set: Set = (k, v) => setRevision((r) => ({ ...r, draft: { ...r.draft, [k]: v } }));
  const fieldNames = (fields: ContentField[]) => fields.map((f) => t(`innovationForm.contentFields.${f}`)).join(', ');

  const submit = async () => {
    clear();
    setStale(null);
    setReapplied(false);
    setSending(true);
    try {
      await reviseInnovation(record.id, revision.version, revision.draft);
      localStorage.removeItem(key);
      await Promise.all([
        client.invalidateQueries({ queryKey: ['innovation', record.id] }),
        client.invalidateQueries({ queryKey: ['innovation-history', record.id] }),
        client.invalidateQueries({ queryKey: ['innovations'] }),
      ]);
      void navigate(`/katalog/${record.id}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.code === 'version.stale') {
        // Someone changed the record since it was read: say what, and offer the user's changes on top of it.
        const now = await fetchInnovation(record.id);
        const current = draftFromRecord(now);
        const edit = staleEdit(revision.base, revision.draft, current);
        setStale({ theirs: edit.theirs, both: edit.both, version: now.version, current, reapplied: edit.reapplied });
        await client.invalidateQueries({ queryKey: ['innovation-history', record.id] });
        return;
      }
      show(error, revision.draft);
    } finally {
      setSending(false);
    }
  };

  return (
    <Stack maw={860}>
      <PageTitle>{t('innovationForm.reviseTitle', { name: record.name })}</PageTitle>
      <Text size="sm">{t('innovationForm.draftKept')}</Text>
      {stale && (
        <Alert color="yellow" role="alert" title={t('innovationForm.staleTitle')} data-testid="stale-edit" styles={STALE_ALERT_STYLES}>
          <Stack gap="xs">
            <Text size="sm">{stale.theirs.length > 0 ? t('innovationForm.staleTheirs', { fields: fieldNames(stale.theirs) }) : t('innovationForm.staleNothingVisible')}</Text>
            {stale.both.length > 0 && <Text size="sm">{t('innovationForm.staleBoth', { fields: fieldNames(stale.both) })}</Text>}
            <Group gap="sm">
              <Button
                size="xs"
                onClick={() => {
                  setRevision({ version: stale.version, base: stale.current, draft: stale.reapplied });
                  setStale(null);
                  setReapplied(true);
                }}
              >
                {t('innovationForm.reapply')}
              </Button>
              <Button
                size="xs"
                variant="default"
                onClick={() => {
                  setRevision({ version: stale.version, base: stale.current, draft: stale.current });
                  setStale(null);
                }}
              >
                {t('innovationForm.takeTheirs')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {reapplied && (
        <Alert color="blue" role="status" data-testid="reapplied">
          {t('innovationForm.reapplied')}
        </Alert>
      )}
      <InnovationFields account={account} draft={revision.draft} set={set} errors={errors} mode="revise" />
      <Failure text={failure} />
      <Group>
        <Button loading={sending} disabled={!!stale} onClick={() => void submit()}>
          {t('innovationForm.save')}
        </Button>
        <Anchor component={Link} to={`/katalog/${record.id}`}>
          {t('innovationForm.backToInnovation')}
        </Anchor>
      </Group>
    </Stack>
  );
}

function ReviseLoader({ account, id }: { account: Account; id: string }) {
  const { t } = useTranslation();
  const innovation = useInnovation(id);
  if (innovation.isPending) return <Loader aria-label={t('common.loading')} />;
  if (innovation.isError) return <Alert color="red" role="alert">{t('innovation.notFound')}</Alert>;
  const record = innovation.data as InnovationRecord;
  if (!mayOnInnovation(account, 'revise', record)) return <Alert color="gray">{t('innovationForm.mayNotRevise')}</Alert>;
  return <ReviseInnovation account={account} record={record} />;
}

/** "Daftarkan inovasi" (/katalog/daftar) and "Ubah inovasi" (/katalog/:id/ubah): every field of the record. */
export default function InnovationFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const session = useSession();
  if (session.status !== 'signed-in') return null;
  const account = session.account;
  if (id) return <ReviseLoader account={account} id={id} />;
  if (!mayRegisterInnovations(account)) return <Alert color="gray">{t('innovationForm.mayNotRegister')}</Alert>;
  return <RegisterInnovation account={account} />;
}
