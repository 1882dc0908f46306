import { Alert, Anchor, Button, Group, Loader, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../accounts/use-session.js';
import { ApiError, unwrap } from '../api/api-error.js';
import { replication } from '../api/clients.js';
import { mayOnInnovation } from '../app/permissions.js';
import { useAgencies, useInnovation } from '../catalogue/catalogue.queries.js';
import { PageTitle } from '../ui/page-title.js';
import { REPLICATION_MODELS, type ReplicationModel } from './replication-actions.js';
import { buildCreateBody, EMPTY_DRAFT, missingDraftFields, type RequestDraft } from './request-draft.js';
import type { ReplicationRequest } from './replication.types.js';

const draftKey = (innovationId: string) => `lumbung.replication-draft.${innovationId}`;

/** "Ajukan replikasi": the adopter region files a request for another region's innovation in use. */
export default function RequestReplicationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const innovationId = params.get('inovasi') ?? '';
  const session = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const account = session.status === 'signed-in' ? session.account : null;
  const innovation = useInnovation(innovationId);
  const agencies = useAgencies(account?.region ?? undefined);
  // An unsent draft survives a reload: what the user typed is never lost.
  const [draft, setDraft] = useState<RequestDraft>(() => {
    const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(draftKey(innovationId));
    return saved ? { ...EMPTY_DRAFT, ...(JSON.parse(saved) as Partial<RequestDraft>) } : EMPTY_DRAFT;
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  useEffect(() => localStorage.setItem(draftKey(innovationId), JSON.stringify(draft)), [draft, innovationId]);

  if (!innovationId) return <Alert color="gray">{t('replication.chooseInnovation')}</Alert>;
  if (innovation.isPending) return <Loader aria-label={t('common.loading')} />;
  if (innovation.isError || !account) return <Alert color="red" role="alert">{t('replication.innovationNotFound')}</Alert>;
  const record = innovation.data;
  if (!mayOnInnovation(account, 'request-replication', record)) return <Alert color="gray">{t('replication.mayNotRequest')}</Alert>;
  const agencyId = account.role === 'agency-staff' ? (account.agency ?? '') : draft.adopterAgencyId;
  const set = (key: keyof RequestDraft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async () => {
    const filled = { ...draft, adopterAgencyId: agencyId };
    const missing = missingDraftFields(filled);
    if (missing.length > 0) {
      setErrors(Object.fromEntries(missing.map((m) => [m, t(m === 'contact' ? 'replication.form.contactNeeded' : 'replication.form.required')])));
      return;
    }
    setErrors({});
    setFailure(null);
    setSending(true);
    try {
      const created = unwrap(await replication.POST('/replication-requests', { body: buildCreateBody(record.id, account.region ?? '', filled) })) as unknown as ReplicationRequest;
      localStorage.removeItem(draftKey(innovationId));
      await client.invalidateQueries({ queryKey: ['replication-requests'] });
      void navigate(`/replikasi/${created.id}`);
    } catch (error) {
      const body = error instanceof ApiError ? (error.body as { errors?: { field: string; messages: string[] }[]; message?: string }) : undefined;
      const byField = Object.fromEntries((body?.errors ?? []).map((e) => [e.field, e.messages.join(' ')]));
      setErrors(byField);
      setFailure(Object.keys(byField).length ? null : (body?.message ?? t('replication.form.failed')));
    } finally {
      setSending(false);
    }
  };

  return (
    <Stack maw={760}>
      <PageTitle>{t('replication.requestTitle')}</PageTitle>
      <Text>
        {t('replication.requestFor')}{' '}
        <Anchor component={Link} to={`/katalog/${record.id}`}>
          {record.name}
        </Anchor>
      </Text>
      <Radio.Group label={t('replication.fields.model')} required value={draft.model} onChange={(v) => set('model')(v as ReplicationModel)} error={errors.model}>
        <Stack gap={6} mt={6}>
          {REPLICATION_MODELS.map((m) => (
            <Radio key={m} value={m} label={t(`replication.models.${m}`)} description={t(`replication.modelHints.${m}`)} />
          ))}
        </Stack>
      </Radio.Group>
      {account.role !== 'agency-staff' && (
        <Select
          label={t('replication.fields.adopterAgency')}
          required
          searchable
          value={draft.adopterAgencyId || null}
          onChange={(v) => set('adopterAgencyId')(v ?? '')}
          data={(agencies.data ?? []).filter((a) => !a.retiredAt).map((a) => ({ value: a.id, label: a.name }))}
          error={errors.adopterAgencyId}
        />
      )}
      {draft.model === 'fasilitasi' && (
        <TextInput label={t('replication.fields.facilitator')} required value={draft.facilitatorName} onChange={(e) => set('facilitatorName')(e.currentTarget.value)} error={errors['facilitator.name'] ?? errors.facilitator} />
      )}
      <Textarea label={t('replication.fields.reason')} required autosize minRows={2} value={draft.reason} onChange={(e) => set('reason')(e.currentTarget.value)} error={errors.reason} />
      <Textarea label={t('replication.fields.plan')} required autosize minRows={2} value={draft.plan} onChange={(e) => set('plan')(e.currentTarget.value)} error={errors.plan} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('replication.fields.contactName')} required value={draft.contactName} onChange={(e) => set('contactName')(e.currentTarget.value)} error={errors['contact.name']} />
        <TextInput label={t('replication.fields.contactPosition')} value={draft.contactPosition} onChange={(e) => set('contactPosition')(e.currentTarget.value)} error={errors['contact.position']} />
        <TextInput label={t('replication.fields.contactPhone')} type="tel" value={draft.contactPhone} onChange={(e) => set('contactPhone')(e.currentTarget.value)} error={errors['contact.phone']} />
        <TextInput label={t('replication.fields.contactEmail')} type="email" value={draft.contactEmail} onChange={(e) => set('contactEmail')(e.currentTarget.value)} error={errors['contact.email']} />
      </SimpleGrid>
      {errors.contact && <Text c="red.9" size="sm">{errors.contact}</Text>}
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      <Group>
        <Button loading={sending} onClick={() => void submit()}>
          {t('replication.submit')}
        </Button>
        <Anchor component={Link} to={`/katalog/${record.id}`}>
          {t('replication.backToInnovation')}
        </Anchor>
      </Group>
    </Stack>
  );
}
