// A small client-side router: the server answers every page path with index.html, and the app picks the page
// from location.pathname. Links use navigate() (or <Link>) so moving between pages does not reload.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<(path: string) => void>();

export function currentPath(): string {
  return window.location.pathname;
}

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l(currentPath()));
}

window.addEventListener('popstate', () => listeners.forEach((l) => l(currentPath())));

/** The current path; re-renders on navigation. */
export function usePath(): string {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    listeners.add(setPath);
    return () => {
      listeners.delete(setPath);
    };
  }, []);
  return path;
}

/** The query parameters of the current URL. */
export function searchParams(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

/** Click handler for <a href> that navigates on the client (keeps ctrl/middle-click as usual). */
export function onLinkClick(e: MouseEvent) {
  const a = (e.currentTarget as HTMLAnchorElement | null) ?? null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute('href');
  if (!href || !href.startsWith('/')) return;
  e.preventDefault();
  navigate(href);
}
