import AppLayout from '@/app/(app)/layout';
import { NotFoundPanel } from '@/components/shell/not-found-panel';
import { getViewer } from '@/lib/auth/viewer';

/**
 * An address no route answers. Signed in, it is shown inside the app's own layout (header, bell,
 * navigation), so a mistyped URL is not a dead end; signed out, a plain page that leads to sign-in.
 */
export default async function NotFound() {
  const viewer = await getViewer();
  if (!viewer) {
    return (
      <main className="px-3 py-10">
        <NotFoundPanel signedIn={false} />
      </main>
    );
  }
  return (
    <AppLayout>
      <NotFoundPanel />
    </AppLayout>
  );
}
