// The live-update stream: one EventSource on GET /api/v1/stream per page, shared by every component that
// listens. The browser reconnects by itself and sends Last-Event-ID, so nothing committed is missed.
import { useEffect, useState } from 'preact/hooks';
import type { ContactChange, RequestChange } from './types';

type Listener<T> = (change: T) => void;

const requestListeners = new Set<Listener<RequestChange>>();
const contactListeners = new Set<Listener<ContactChange>>();
const stateListeners = new Set<(connected: boolean) => void>();
const resetListeners = new Set<() => void>();
let source: EventSource | null = null;
let connected = false;

function setConnected(value: boolean) {
  connected = value;
  stateListeners.forEach((l) => l(value));
}

function dispatch<T>(listeners: Set<Listener<T>>, data: string) {
  let change: T;
  try {
    change = JSON.parse(data) as T;
  } catch {
    return;
  }
  listeners.forEach((l) => l(change));
}

function ensureOpen() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/stream', { withCredentials: true });
  source.onopen = () => setConnected(true);
  source.onerror = () => setConnected(false);
  source.addEventListener('request', (e) => dispatch(requestListeners, (e as MessageEvent).data));
  source.addEventListener('contact', (e) => dispatch(contactListeners, (e as MessageEvent).data));
  // The server could not resume from Last-Event-ID (too far behind): what is on screen may be stale.
  source.addEventListener('reset', () => resetListeners.forEach((l) => l()));
}

function maybeClose() {
  if (source && requestListeners.size + contactListeners.size + stateListeners.size + resetListeners.size === 0) {
    source.close();
    source = null;
    setConnected(false);
  }
}

/** Calls `onRequest` for every committed change of a request the user may see, while the component lives. */
export function useRequestChanges(onRequest: Listener<RequestChange>) {
  useEffect(() => {
    requestListeners.add(onRequest);
    ensureOpen();
    return () => {
      requestListeners.delete(onRequest);
      maybeClose();
    };
  }, [onRequest]);
}

/** Calls `onContact` for every finished or started contact (calls, visits). */
export function useContactChanges(onContact: Listener<ContactChange>) {
  useEffect(() => {
    contactListeners.add(onContact);
    ensureOpen();
    return () => {
      contactListeners.delete(onContact);
      maybeClose();
    };
  }, [onContact]);
}

/** Whether the stream is connected now (for a small "live" indicator). */
export function useLiveConnected(): boolean {
  const [value, setValue] = useState(connected);
  useEffect(() => {
    stateListeners.add(setValue);
    ensureOpen();
    return () => {
      stateListeners.delete(setValue);
      maybeClose();
    };
  }, []);
  return value;
}

/** Calls `onReset` when the stream had a gap it cannot replay: the page should load its data afresh. */
export function useStreamReset(onReset: () => void) {
  useEffect(() => {
    resetListeners.add(onReset);
    ensureOpen();
    return () => {
      resetListeners.delete(onReset);
      maybeClose();
    };
  }, [onReset]);
}
