import Link from 'next/link';
import { primaryButtonClass } from '@/components/ui/button';

/** "Page not found", with the way back; the app's own 404 inside its header and navigation. */
export function NotFoundPanel({ signedIn = true }: { signedIn?: boolean }) {
  return (
    <section
      data-testid="not-found"
      aria-labelledby="not-found-heading"
      className="mx-auto mt-4 max-w-md rounded-lg border border-slate-200 bg-white px-6 py-12 text-center shadow-xs sm:mt-10 dark:border-slate-800 dark:bg-slate-900"
    >
      <title>Page not found · Ops Alerts</title>
      <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase tabular-nums dark:text-slate-400">404</p>
      <h1 id="not-found-heading" className="mt-1 text-base font-semibold text-slate-900 dark:text-slate-100">
        Page not found
      </h1>
      <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">
        This address does not lead anywhere in Ops Alerts — or it is not open to you.
      </p>
      <Link
        href={signedIn ? '/notifications' : '/login'}
        className={`mt-4 px-4 ${primaryButtonClass}`}
      >
        {signedIn ? 'Go to notifications' : 'Sign in'}
      </Link>
    </section>
  );
}
