import { NotFoundPanel } from '@/components/shell/not-found-panel';

/** notFound() from a page of the app (an admin page for someone without alerts.manage, …): inside the app's layout. */
export default function AppNotFound() {
  return <NotFoundPanel />;
}
