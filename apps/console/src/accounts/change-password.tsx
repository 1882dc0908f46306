import { Alert, Button, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { explainAccountError } from './account-errors.js';
import { useChangeOwnPassword } from './accounts.queries.js';

/** Ubah kata sandi: one's own password, for every role. */
export function ChangePasswordForm() {
  const { t, i18n } = useTranslation();
  const change = useChangeOwnPassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setMismatch(next !== confirm);
    if (next !== confirm) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setConfirm('');
        },
      },
    );
  }

  return (
    <Paper withBorder p="md" maw={480}>
      <form onSubmit={submit} noValidate aria-labelledby="change-password-title">
        <Stack>
          <Title order={3} id="change-password-title">
            {t('accounts.password.title')}
          </Title>
          {change.isSuccess && (
            <Alert color="green" role="status">
              {t('accounts.password.changed')}
            </Alert>
          )}
          {(mismatch || change.isError) && (
            <Alert color="red" role="alert">
              {mismatch ? t('signIn.errors.mismatch') : explainAccountError(change.error, t, (k) => i18n.exists(k))}
            </Alert>
          )}
          <PasswordInput label={t('accounts.password.current')} autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} />
          <PasswordInput label={t('signIn.newPassword')} autoComplete="new-password" required value={next} onChange={(e) => setNext(e.currentTarget.value)} />
          <PasswordInput label={t('signIn.confirmPassword')} autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} />
          <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('accounts.password.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
