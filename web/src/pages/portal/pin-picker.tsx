// The pin on the map, or the phone's position; the map loads only when opened.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { Loading } from '../../ui/feedback';
import type { Pin } from './form-state';

type MapComponent = ComponentType<{
  pin?: { lat: number; lon: number } | null;
  onPick?: (lat: number, lon: number) => void;
  height?: string;
  label?: string;
  showDistricts?: boolean;
}>;

/** The map, loaded only when the citizen opens it (Leaflet is the heaviest part of the page). */
export function PinPicker({ pin, onPin }: { pin: Pin | null; onPin: (p: Pin | null) => void }) {
  const [open, setOpen] = useState(false);
  const [Map, setMap] = useState<MapComponent | null>(null);
  const [geoFailed, setGeoFailed] = useState(false);
  useEffect(() => {
    if (open && !Map) import('../../ui/map').then((m) => setMap(() => m.MapView as MapComponent));
  }, [open]);
  return (
    <div class="portal-pin">
      <div class="row">
        <button type="button" class="button" aria-expanded={open} aria-controls="portal-map" onClick={() => setOpen(!open)} data-testid="portal-map-toggle">
          {open ? t('portal.map.close') : t('portal.map.open')}
        </button>
        {'geolocation' in navigator && (
          <button
            type="button"
            class="button"
            onClick={() => {
              setGeoFailed(false);
              navigator.geolocation.getCurrentPosition(
                (p) => {
                  onPin({ lat: Math.round(p.coords.latitude * 1e5) / 1e5, lon: Math.round(p.coords.longitude * 1e5) / 1e5 });
                  setOpen(true);
                },
                () => setGeoFailed(true),
                { timeout: 10_000 },
              );
            }}
          >
            {t('portal.map.here')}
          </button>
        )}
      </div>
      {geoFailed && <p class="field-hint">{t('portal.map.hereFailed')}</p>}
      {pin && (
        <p class="portal-pinned" data-testid="portal-pin" aria-live="polite">
          {t('portal.map.pinned', { lat: pin.lat.toFixed(5), lon: pin.lon.toFixed(5) })}{' '}
          <button type="button" class="link-button" onClick={() => onPin(null)}>
            {t('portal.map.clear')}
          </button>
        </p>
      )}
      <div id="portal-map" class="portal-map" hidden={!open}>
        {open && (Map ? <Map pin={pin} onPick={(lat, lon) => onPin({ lat, lon })} height="300px" label={t('portal.map.label')} /> : <Loading label={t('portal.map.loading')} />)}
      </div>
    </div>
  );
}
