import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Account, AccountAudit, NewAccount, OneTimePassword } from '../api/accounts.client.js';
import { unwrap } from '../api/api-error.js';
import { accountsAdmin } from '../api/clients.js';

/** The accounts the signed-in admin manages, inactive ones included (they may be reactivated). */
export function useManagedAccounts(enabled: boolean) {
  return useQuery({
    queryKey: ['accounts'],
    enabled,
    queryFn: async ({ signal }) => unwrap(await accountsAdmin.GET('/accounts', { params: { query: { includeInactive: true } }, signal })) as Account[],
  });
}

export function useAccount(id: string) {
  return useQuery({
    queryKey: ['account', id],
    queryFn: async ({ signal }) => unwrap(await accountsAdmin.GET('/accounts/{id}', { params: { path: { id } }, signal })) as Account,
  });
}

export function useAccountAudit(id: string) {
  return useQuery({
    queryKey: ['account', id, 'audit'],
    queryFn: async ({ signal }) => unwrap(await accountsAdmin.GET('/accounts/{id}/audit', { params: { path: { id } }, signal })) as AccountAudit[],
  });
}

/** After any write, the list, the record and its audit are read again. */
function useInvalidateAccounts() {
  const client = useQueryClient();
  return (id?: string) => Promise.all([client.invalidateQueries({ queryKey: ['accounts'] }), id ? client.invalidateQueries({ queryKey: ['account', id] }) : undefined]);
}

export function useCreateAccount() {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: async (body: NewAccount) => unwrap(await accountsAdmin.POST('/accounts', { body })) as OneTimePassword,
    onSuccess: () => invalidate(),
  });
}

export type AccountAction = 'deactivate' | 'reactivate' | 'password-reset';

export function useAccountAction(id: string) {
  const invalidate = useInvalidateAccounts();
  return useMutation({
    mutationFn: async (action: AccountAction): Promise<Account | OneTimePassword> => {
      const params = { params: { path: { id } } };
      if (action === 'deactivate') return unwrap(await accountsAdmin.POST('/accounts/{id}/deactivate', params));
      if (action === 'reactivate') return unwrap(await accountsAdmin.POST('/accounts/{id}/reactivate', params));
      return unwrap(await accountsAdmin.POST('/accounts/{id}/password-reset', params));
    },
    onSuccess: () => invalidate(id),
  });
}

export function useChangeOwnPassword() {
  return useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) => {
      const answer = await accountsAdmin.PUT('/accounts/me/password', { body });
      if (!answer.response.ok) unwrap(answer);
    },
  });
}
