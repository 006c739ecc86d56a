import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  interface Session {
    /** sv: the user's session version when they signed in; sid: this sign-in's id (revoked at sign-out) */
    user: { id: string; sv: number; sid: string } & DefaultSession['user'];
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    sv?: number;
    sid?: string;
  }
}
