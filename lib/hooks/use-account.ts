'use client';

import { useMutation } from '@tanstack/react-query';
import type { ChangePasswordInput, Profile } from '@/lib/validation/account';
import { request } from './alerts-api';

/** The viewer's own account: rename, change password. */
export function useRename() {
  return useMutation({
    mutationFn: async (name: string): Promise<Profile> => (await request('/api/v1/me', { method: 'PATCH', json: { name } })).json(),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: async (input: ChangePasswordInput): Promise<void> => {
      await request('/api/v1/me/password', { method: 'POST', json: input });
    },
  });
}
