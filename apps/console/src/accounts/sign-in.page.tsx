import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TFunction } from 'i18next';
import type { SignInFailure } from '../api/accounts.client.js';
import { LanguageSwitch } from '../ui/language-switch.js';
import { signIn } from './session.store.js';

/** The failure in one sentence: what happened and what to do next. */
function explain(failure: SignInFailure, t: TFunction): string {
  switch (failure.kind) {
    case 'invalid-credentials':
      return t('signIn.errors.invalidCredentials');
    case 'locked':
      return failure.retryAfterSeconds
        ? t('signIn.errors.lockedFor', { count: Math.max(1, Math.ceil(failure.retryAfterSeconds / 60)) })
        : t('signIn.errors.locked');
    case 'invalid-new-password':
      return t('signIn.errors.invalidNewPassword');
    case 'password-change-required':
      return t('signIn.mustChange');
    case 'unavailable':
      return t('signIn.errors.unavailable');
  }
}

/**
 * Masuk: email and password; an account with a one-time password is asked for a new one and the
 * sign-in is sent again with it (403 auth.password-change-required).
 */
export default function SignInPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mustChange, setMustChange] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (mustChange && newPassword !== confirm) {
      setError(t('signIn.errors.mismatch'));
      return;
    }
    setBusy(true);
    try {
      const result = await signIn(email.trim(), password, mustChange ? newPassword : undefined);
      if (result.ok) return; // the session store re-renders the app signed in
      if (result.failure.kind === 'password-change-required') setMustChange(true);
      else setError(explain(result.failure, t));
    } catch {
      setError(t('signIn.errors.unavailable'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md">
      <main style={{ width: '100%', maxWidth: 420 }}>
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={(e) => void submit(e)} noValidate>
            <Stack>
              <Title order={1} size="h2">
                {t(mustChange ? 'signIn.newPasswordTitle' : 'signIn.title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t(mustChange ? 'signIn.mustChange' : 'signIn.intro')}
              </Text>
              {error && (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              )}
              {!mustChange ? (
                <>
                  <TextInput label={t('signIn.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
                  <PasswordInput label={t('signIn.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
                </>
              ) : (
                <>
                  <PasswordInput label={t('signIn.newPassword')} autoComplete="new-password" required value={newPassword} onChange={(e) => setNewPassword(e.currentTarget.value)} />
                  <PasswordInput label={t('signIn.confirmPassword')} autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} />
                </>
              )}
              <Button type="submit" loading={busy}>
                {t(mustChange ? 'signIn.saveAndSignIn' : 'signIn.submit')}
              </Button>
              <LanguageSwitch labels="full" />
              <Anchor component={Link} to="/publik" size="sm" ta="center">
                {t('signIn.publicCatalogue')}
              </Anchor>
            </Stack>
          </form>
        </Paper>
      </main>
    </Center>
  );
}
