import { redirect } from 'next/navigation';
import { landingFor } from '@/lib/auth/landing';
import { getViewer } from '@/lib/auth/viewer';
import { LoginForm } from './login-form';

export const dynamic = 'force-dynamic';

export default async function LoginPage() {
  const viewer = await getViewer();
  if (viewer) redirect(landingFor(viewer.role));
  const hint = process.env.DEMO_LOGIN_HINT;
  return (
    <main className="flex min-h-dvh items-start justify-center px-4 pt-[12vh] pb-10">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 flex items-center gap-2 text-xl font-semibold tracking-tight">
          <span aria-hidden className="inline-block size-3 rounded-sm bg-red-600" />
          Ops Alerts
        </h1>
        <p className="mb-6 text-sm text-slate-500 dark:text-slate-400">Sign in to see your alerts.</p>
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-xs dark:border-slate-800 dark:bg-slate-900">
          <LoginForm />
        </div>
        {hint && (
          <p data-testid="demo-login-hint" className="mt-4 rounded-md border border-dashed border-slate-300 px-3 py-2 text-xs whitespace-pre-line text-slate-600 dark:border-slate-700 dark:text-slate-400">
            {hint}
          </p>
        )}
      </div>
    </main>
  );
}
