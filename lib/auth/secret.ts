/** The app's secret (AUTH_SECRET, or Auth.js's older NEXTAUTH_SECRET): sessions and unsubscribe links; null when unset or empty. */
export const appSecret = (env: NodeJS.ProcessEnv = process.env): string | null => env.AUTH_SECRET || env.NEXTAUTH_SECRET || null;
