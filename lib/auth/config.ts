import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { db } from '@/db/client';
import { clientAddress } from './client-address';
import { assertSignInAllowed, clearAccountFailures, recordSignInFailure, signInKeys } from './signin-limit';
import { findUserByCredentials } from './users';

const credentialsSchema = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(200),
});

export const { handlers, auth, signIn, signOut } = NextAuth({
  // the app runs behind whatever host it is deployed on; the secret comes from AUTH_SECRET
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/login' },
  // a wrong password is an expected outcome, not a server error worth a stack trace
  logger: {
    error(error) {
      if ((error as { type?: string }).type === 'CredentialsSignin' || error.name === 'CredentialsSignin') return;
      console.error('[auth]', error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      // failures are limited per account and per client address (lib/auth/signin-limit.ts); while
      // either waits, even the right password is refused, with the time it may try again
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new CredentialsSignin();
        const address = clientAddress(request.headers);
        const keys = signInKeys(parsed.data.email, address);
        await assertSignInAllowed(db, keys);
        const user = await findUserByCredentials(parsed.data.email, parsed.data.password);
        if (!user) throw (await recordSignInFailure(db, keys, address)) ?? new CredentialsSignin();
        await clearAccountFailures(db, parsed.data.email);
        return { id: String(user.id), email: user.email, name: user.name, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    // the session carries the user's session version at sign-in; a later password change or
    // deactivation bumps the version and every older session stops working (lib/auth/users.ts).
    // Sessions are never refreshed from the client (trigger 'update' changes nothing).
    jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.user.sv = typeof token.sv === 'number' ? token.sv : 0;
      return session;
    },
  },
});
