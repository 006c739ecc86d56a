import Link from 'next/link';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { LiveInbox } from '@/components/notifications/live-inbox';
import { NotificationBell } from '@/components/notifications/notification-bell';
import { ToastViewport } from '@/components/notifications/toast-viewport';
import { NavigationProgress } from '@/components/shell/navigation-progress';
import { db } from '@/db/client';
import { unreadCount } from '@/lib/alerts/inbox';
import { signOut } from '@/lib/auth/config';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';

export const dynamic = 'force-dynamic';

async function signOutAction() {
  'use server';
  await signOut({ redirectTo: '/login' });
}

const NAV_LINK =
  'rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-slate-50';

const ROLE_LABEL = { staff: 'Staff', manager: 'Manager', admin: 'Admin' } as const;

export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  const counts = await unreadCount(db, viewer);

  return (
    <Providers>
      <NavigationProgress />
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95">
        {/* one row from sm up; on phones brand + actions on top, nav + who on a second row */}
        <div className="mx-auto flex max-w-4xl flex-wrap items-center gap-x-2 px-3 sm:h-14 sm:flex-nowrap sm:gap-x-4 sm:px-6">
          <Link href="/notifications" className="order-1 flex h-12 items-center gap-2 font-semibold tracking-tight sm:h-auto">
            <span aria-hidden className="inline-block size-2.5 rounded-sm bg-red-600" />
            Ops Alerts
          </Link>
          <nav aria-label="Main" className="order-4 flex h-10 items-center sm:order-2 sm:h-auto">
            <Link href="/" className={`-ml-2 ${NAV_LINK}`}>
              Open alerts
            </Link>
            <Link href="/notifications" className={NAV_LINK}>
              Notifications
            </Link>
            {viewer.role !== 'staff' && (
              <Link href="/analytics" className={NAV_LINK}>
                Analytics
              </Link>
            )}
            {can(viewer, 'alerts.manage') && (
              <Link href="/admin/rules" className={NAV_LINK}>
                Admin
              </Link>
            )}
            <Link href="/settings" className={NAV_LINK}>
              Settings
            </Link>
          </nav>
          <div className="order-2 ml-auto flex items-center gap-1 sm:order-4 sm:ml-0">
            <LiveInbox />
            <NotificationBell initialCount={counts} />
            <form action={signOutAction}>
              <button
                type="submit"
                className="inline-flex h-9 items-center rounded-md px-2.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-slate-50"
              >
                Sign out
              </button>
            </form>
          </div>
          <span aria-hidden className="order-3 basis-full sm:hidden" />
          <p
            data-testid="viewer"
            className="order-5 ml-auto flex min-w-0 items-baseline gap-1.5 text-sm sm:order-3 sm:flex-col sm:items-end sm:gap-0 sm:leading-tight"
          >
            <span className="truncate font-medium text-slate-900 dark:text-slate-100">{viewer.name}</span>
            <span className="shrink-0 text-xs text-slate-500 dark:text-slate-400">{ROLE_LABEL[viewer.role]}</span>
          </p>
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-3 py-4 sm:px-6 sm:py-6">{children}</main>
      {/* toasts and notices: fixed to the viewport, never inside the header */}
      <ToastViewport />
    </Providers>
  );
}
