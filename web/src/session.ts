// Who is signed in, and which pages each role may open. The server enforces every right; the interface only
// follows, so that nobody is offered a page or an action that would be refused.
import { useEffect, useState } from 'preact/hooks';
import { getMe, login as postLogin, logout as postLogout } from './api/auth';
import { ApiError, setCsrfToken } from './api/client';
import type { Me, Role } from './api/types';

export type StaffPage = 'konsol' | 'birim' | 'panel' | 'yonetim';

const PAGES: Record<Role, StaffPage[]> = {
  agent: ['konsol'],
  supervisor: ['konsol', 'birim', 'panel'],
  unit_staff: ['birim'],
  unit_manager: ['birim', 'panel'],
  admin: ['konsol', 'birim', 'panel', 'yonetim'],
};

export function pagesFor(role: Role | undefined): StaffPage[] {
  return role ? PAGES[role] : [];
}

export function mayOpen(me: Me | null, page: StaffPage): boolean {
  return !!me && pagesFor(me.role).includes(page);
}

let me: Me | null = null;
let loaded = false;
const listeners = new Set<() => void>();

function publish(next: Me | null) {
  me = next;
  loaded = true;
  setCsrfToken(next?.csrf_token ?? '');
  listeners.forEach((l) => l());
}

/** Asks the server who we are (401 = nobody). */
export async function loadSession(): Promise<Me | null> {
  try {
    publish(await getMe());
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) publish(null);
    else throw e;
  }
  return me;
}

export async function login(username: string, password: string): Promise<Me | null> {
  await postLogin(username, password);
  return loadSession();
}

export async function logout() {
  try {
    await postLogout();
  } finally {
    publish(null);
  }
}

/** The signed-in user (null when nobody), and whether the first check has finished. */
export function useSession(): { me: Me | null; loaded: boolean } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    if (!loaded) loadSession().catch(() => publish(null));
    return () => {
      listeners.delete(l);
    };
  }, []);
  return { me, loaded };
}
