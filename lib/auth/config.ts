import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { db } from '@/db/client';
import { clientAddress } from './client-address';
import { revokeSession, SESSION_MAX_AGE_S } from './sessions';
import { assertSignInAllowed, clearAccountFailures, recordSignInFailure, signInKeys } from './signin-limit';
import { findUserByCredentials } from './users';

const credentialsSchema = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(200),
});

export const { handlers, auth, signIn, signOut } = NextAuth({
  // the app runs behind whatever host it is deployed on; the secret comes from AUTH_SECRET
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
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
    // Each sign-in also gets its own session id, which signing out revokes (lib/auth/sessions.ts).
    jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sv = user.sessionVersion ?? 0;
        token.sid = randomUUID();
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.user.sv = typeof token.sv === 'number' ? token.sv : 0;
      session.user.sid = typeof token.sid === 'string' ? token.sid : '';
      return session;
    },
  },
  events: {
    // Auth.js clears the cookie whatever happens here; a failure to record it is logged
    async signOut(message) {
      if ('token' in message && message.token) await revokeSession(db, message.token);
    },
  },
});
