import { Alert, Button, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NewAccount, OneTimePassword } from '../api/accounts.client.js';
import type { Role, Scope } from '../app/permissions.js';
import { useAgencies, useRegencies } from '../catalogue/catalogue.queries.js';
import { creatableRoles, scopeFieldsFor } from './account-rules.js';
import { explainAccountError } from './account-errors.js';
import { useCreateAccount } from './accounts.queries.js';

/** Buat akun: only the roles the admin may hand out, and only the scope that role needs. */
export function CreateAccountForm({ actor, onCreated, onCancel }: { actor: Scope; onCreated: (issued: OneTimePassword) => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const roles = creatableRoles(actor);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>(roles[0]);
  const [region, setRegion] = useState<string | null>(actor.role === 'region-admin' ? actor.region ?? null : null);
  const [province, setProvince] = useState('');
  const [agency, setAgency] = useState<string | null>(null);
  const create = useCreateAccount();
  const fields = scopeFieldsFor(role, actor);
  const regencies = useRegencies(actor.province ?? '');
  const agencies = useAgencies(fields.includes('agency') ? region ?? undefined : undefined);
  const problem = create.error as { body?: { field?: string } } | null;
  const errorOf = (field: string) => (problem?.body?.field === field ? explainAccountError(create.error, t, (k) => i18n.exists(k)) : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: NewAccount = { name: name.trim(), email: email.trim(), role };
    if (fields.includes('province')) body.province = province.trim();
    if (fields.includes('region') && region) body.region = region.trim();
    if (fields.includes('agency') && agency) body.agency = agency;
    create.mutate(body, { onSuccess: onCreated });
  }

  const fieldError = problem?.body?.field;
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate aria-labelledby="create-account-title">
        <Stack>
          <Title order={3} id="create-account-title">
            {t('accounts.create.title')}
          </Title>
          {create.isError && !fieldError && (
            <Alert color="red" role="alert">
              {explainAccountError(create.error, t, (k) => i18n.exists(k))}
            </Alert>
          )}
          <TextInput label={t('accounts.fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errorOf('name')} />
          <TextInput label={t('accounts.fields.email')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errorOf('email')} />
          <Select
            label={t('accounts.fields.role')}
            required
            allowDeselect={false}
            value={role}
            onChange={(value) => value && setRole(value as Role)}
            data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            error={errorOf('role')}
          />
          {fields.includes('province') && (
            <TextInput label={t('accounts.fields.province')} description={t('accounts.create.provinceHint')} required value={province} onChange={(e) => setProvince(e.currentTarget.value)} error={errorOf('province')} />
          )}
          {fields.includes('region') &&
            (actor.role === 'province-admin' ? (
              <Select
                label={t('accounts.fields.region')}
                required
                searchable
                value={region}
                onChange={(value) => {
                  setRegion(value);
                  setAgency(null);
                }}
                data={(regencies.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
                error={errorOf('region')}
              />
            ) : (
              <TextInput label={t('accounts.fields.region')} description={t('accounts.create.regionHint')} required value={region ?? ''} onChange={(e) => setRegion(e.currentTarget.value)} error={errorOf('region')} />
            ))}
          {fields.includes('agency') && (
            <Select
              label={t('accounts.fields.agency')}
              required
              searchable
              disabled={!region}
              placeholder={region ? undefined : t('catalogue.filters.chooseRegencyFirst')}
              value={agency}
              onChange={setAgency}
              data={(agencies.data ?? []).filter((a) => !a.retiredAt).map((a) => ({ value: a.id, label: a.name }))}
              error={errorOf('agency')}
            />
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('accounts.create.submit')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('accounts.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
