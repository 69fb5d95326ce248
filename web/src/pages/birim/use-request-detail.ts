// Loads one request (with its events, photos and the staff list), reloads it when someone else changes it, and
// runs workflow actions with If-Match: a stale version reloads and says so, a request that left the unit is "not found".
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { type Photo, actOnRequest, getRequest, requestEvents, requestPhotos } from '../../api/requests';
import { listUsers } from '../../api/users';
import { useLoad } from '../../api/catalog';
import { useRequestChanges } from '../../api/live';
import type { RequestChange, RequestEvent, ServiceRequest, User } from '../../api/types';
import { type MessageKey, t } from '../../i18n';

/** The request with its history and photos, kept current from the stream, and `run` for its actions. */
export function useRequestDetail(id: number) {
  const [req, setReq] = useState<ServiceRequest | null>(null);
  const [events, setEvents] = useState<RequestEvent[]>([]);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notFound, setNotFound] = useState(false);
  const [dialog, setDialog] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState('');
  const reqRef = useRef(req);
  reqRef.current = req;
  const busyRef = useRef(busy);
  busyRef.current = busy;

  const users = useLoad<User[] | undefined>(
    () => listUsers().then((p) => p.items).catch(() => undefined),
    [],
  );

  const reload = useCallback(async (): Promise<ServiceRequest | null> => {
    try {
      const [r, ev, ph] = await Promise.all([
        getRequest(id),
        requestEvents(id),
        requestPhotos(id).catch(() => ({ items: [] as Photo[] })),
      ]);
      setReq(r);
      setEvents(ev.items);
      setPhotos(ph.items);
      setLoadError(null);
      setNotFound(false);
      return r;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setNotFound(true);
        setReq(null);
      } else setLoadError(e);
      return null;
    }
  }, [id]);

  useEffect(() => {
    reload();
  }, [reload]);

  // Someone else changed it: show the current version and say so.
  const onChange = useCallback(
    (c: RequestChange) => {
      if (c.request_id !== id || busyRef.current) return;
      const before = reqRef.current?.version;
      reload().then((r) => {
        if (r && before !== undefined && r.version !== before) setNotice(t('birim.updatedLive'));
      });
    },
    [id, reload],
  );
  useRequestChanges(onChange);

  async function run(action: string, body: Record<string, unknown> = {}): Promise<boolean> {
    if (!req) return false;
    setBusy(action);
    setActionError(null);
    setMessage('');
    setNotice('');
    try {
      const updated = await actOnRequest(id, action, body, req.version);
      setReq(updated);
      const unitName = typeof body.unit === 'string' ? (updated.unit_name || body.unit) : '';
      setMessage(t(`birim.done.${action}` as MessageKey, { unit: unitName }));
      // The history (and, after a reroute, maybe access itself) changed.
      reload();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        await reload();
        setNotice(t('error.stale'));
        setDialog(null);
        return false;
      }
      if (e instanceof ApiError && e.status === 404) {
        setNotFound(true);
        return false;
      }
      setActionError(e);
      return false;
    } finally {
      setBusy(null);
    }
  }

  return { req, events, photos, users, loadError, notFound, dialog, setDialog, busy, actionError, setActionError, message, setMessage, notice, reload, run };
}
