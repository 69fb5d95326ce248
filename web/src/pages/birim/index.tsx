// The unit inbox: /birim is the unit's queue, /birim/talep/<id> one request with its actions. The detail page
// (with the map) is its own chunk, so the queue renders without waiting for Leaflet.
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { Loading, Notice } from '../../ui/feedback';
import { Shell } from '../../ui/layout';
import { Inbox } from './inbox';
import './style.css';

type DetailComponent = FunctionComponent<{ id: number }>;
let detailModule: DetailComponent | null = null;

function useDetail(): DetailComponent | null | 'failed' {
  const [mod, setMod] = useState<DetailComponent | null | 'failed'>(detailModule);
  useEffect(() => {
    if (detailModule) return;
    let live = true;
    import('./detail')
      .then((m) => {
        detailModule = m.Detail;
        if (live) setMod(() => m.Detail);
      })
      .catch(() => live && setMod('failed'));
    return () => {
      live = false;
    };
  }, []);
  return mod;
}

function DetailRoute({ id }: { id: number }) {
  const Detail = useDetail();
  if (Detail === 'failed')
    return (
      <Shell live>
        <Notice kind="error">{t('error.network')}</Notice>
      </Shell>
    );
  if (!Detail)
    return (
      <Shell live>
        <Loading />
      </Shell>
    );
  return <Detail id={id} />;
}

export default function BirimPage({ path }: { path: string }) {
  const m = /^\/birim\/talep\/(\d+)\/?$/.exec(path);
  if (m) return <DetailRoute key={m[1]} id={Number(m[1])} />;
  if (path === '/birim' || path === '/birim/') return <Inbox />;
  return (
    <Shell>
      <Notice kind="warning">{t('error.notFound')}</Notice>
    </Shell>
  );
}
