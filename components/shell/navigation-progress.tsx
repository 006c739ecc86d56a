'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useRef, useState } from 'react';

type Phase = 'idle' | 'loading' | 'done';

const START_EVENT = 'ops:navigation-start';

/** For navigations started from code (router.push after a key press): the bar shows them as it does link clicks. */
export function announceNavigation(): void {
  window.dispatchEvent(new Event(START_EVENT));
}

// a navigation that never lands (an error page, a cancelled click) must not leave the bar up forever
const GIVE_UP_MS = 15_000;
const FADE_MS = 400;

/** Whether a click on this link starts a client navigation to another page of the app. */
function navigatesAway(e: MouseEvent): boolean {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return false;
  const link = (e.target as Element | null)?.closest?.('a[href]');
  if (!(link instanceof HTMLAnchorElement) || link.hasAttribute('download')) return false;
  if (link.target && link.target !== '_self') return false;
  const to = new URL(link.href, window.location.href);
  if (to.origin !== window.location.origin) return false;
  // the same page (or only its #hash): nothing loads
  return to.pathname !== window.location.pathname || to.search !== window.location.search;
}

function ProgressBar() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const [phase, setPhase] = useState<Phase>('idle');
  const [landedOn, setLandedOn] = useState(`${pathname}?${search}`);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  // the new page's URL is the end of a navigation
  const here = `${pathname}?${search}`;
  if (here !== landedOn) {
    setLandedOn(here);
    if (phase === 'loading') setPhase('done');
  }

  useEffect(() => {
    // capture: Next's <Link> prevents the default in its own handler, before a bubbling listener would run
    const onClick = (e: MouseEvent) => {
      if (navigatesAway(e)) setPhase('loading');
    };
    const onStart = () => setPhase('loading');
    document.addEventListener('click', onClick, true);
    window.addEventListener(START_EVENT, onStart);
    return () => {
      document.removeEventListener('click', onClick, true);
      window.removeEventListener(START_EVENT, onStart);
    };
  }, []);

  useEffect(() => {
    clearTimeout(timer.current);
    if (phase === 'loading') timer.current = setTimeout(() => setPhase('done'), GIVE_UP_MS);
    if (phase === 'done') timer.current = setTimeout(() => setPhase('idle'), FADE_MS);
    return () => clearTimeout(timer.current);
  }, [phase]);

  return (
    <div
      data-testid="nav-progress"
      data-state={phase}
      role="progressbar"
      aria-label="Loading page"
      aria-hidden={phase === 'idle'}
      className="pointer-events-none fixed inset-x-0 top-0 z-[60] h-0.5 overflow-hidden"
    >
      <div
        className={`h-full origin-left bg-blue-600 dark:bg-blue-400 ${
          phase === 'loading'
            ? 'animate-[nav-progress_8s_cubic-bezier(0.1,0.7,0.2,1)_forwards] motion-reduce:animate-none motion-reduce:scale-x-50'
            : phase === 'done'
              ? 'scale-x-100 opacity-0 transition-[transform,opacity] duration-300 ease-out'
              : 'scale-x-0 opacity-0'
        }`}
      />
    </div>
  );
}

/** A thin bar at the top while a client navigation is on its way: starts on a link click (or announceNavigation), ends when the URL changes. */
export function NavigationProgress() {
  // useSearchParams needs a boundary of its own so it never holds up the page around it
  return (
    <Suspense fallback={null}>
      <ProgressBar />
    </Suspense>
  );
}
