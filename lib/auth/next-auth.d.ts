import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  interface Session {
    /** sv: the user's session version when they signed in */
    user: { id: string; sv: number } & DefaultSession['user'];
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    sv?: number;
  }
}
