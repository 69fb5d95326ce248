// A Leaflet map of Samsun. The tile URL is a setting (loadMeta → map_tile_url); without tiles (a
// closed network) the map still shows the points and the district names on a plain background.
import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { useEffect, useRef } from 'preact/hooks';
import { loadDistricts, loadMeta } from '../api/catalog';
import { t } from '../i18n';

export interface MapPoint {
  lat: number;
  lon: number;
  /** Shown in a tooltip. */
  label?: string;
  /** CSS colour of the dot. */
  color?: string;
}

interface MapViewProps {
  points?: MapPoint[];
  /** A chosen location, drawn as a larger marker. */
  pin?: { lat: number; lon: number } | null;
  /** Makes the map a location picker: clicking (or Enter on the focused map) calls this. */
  onPick?: (lat: number, lon: number) => void;
  /** Shows the 17 district names (always shown when there are no tiles). */
  showDistricts?: boolean;
  height?: string;
  label?: string;
}

const SAMSUN_BOUNDS = L.latLngBounds([40.95, 35.2], [41.78, 37.15]);

export function MapView({ points = [], pin, onPick, showDistricts, height = '320px', label }: MapViewProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const pointLayer = useRef<L.LayerGroup | null>(null);
  const pinLayer = useRef<L.LayerGroup | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { zoomControl: true, attributionControl: true, maxBounds: SAMSUN_BOUNDS.pad(0.5) });
    m.fitBounds(SAMSUN_BOUNDS);
    map.current = m;
    pointLayer.current = L.layerGroup().addTo(m);
    pinLayer.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => pickRef.current?.(round(e.latlng.lat), round(e.latlng.lng)));
    let cancelled = false;
    Promise.all([loadMeta(), loadDistricts()])
      .then(([meta, districts]) => {
        if (cancelled) return;
        const tiles = typeof meta.map_tile_url === 'string' ? meta.map_tile_url : '';
        if (tiles) {
          L.tileLayer(tiles, { maxZoom: 19, attribution: '&copy; OpenStreetMap' }).addTo(m);
        } else {
          el.current?.classList.add('map--plain');
        }
        if (showDistricts || !tiles) {
          const labels = L.layerGroup().addTo(m);
          for (const d of districts) {
            L.circleMarker([d.lat, d.lon], { radius: 2, color: '#5b6b7b', weight: 1, interactive: false })
              .bindTooltip(d.name, { permanent: true, direction: 'top', className: 'map-district' })
              .addTo(labels);
          }
        }
      })
      .catch((e) => console.error(e));
    return () => {
      cancelled = true;
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const layer = pointLayer.current;
    if (!layer) return;
    layer.clearLayers();
    for (const p of points) {
      const marker = L.circleMarker([p.lat, p.lon], {
        radius: 5,
        color: p.color ?? '#0b4f8a',
        fillColor: p.color ?? '#0b4f8a',
        fillOpacity: 0.7,
        weight: 1,
      });
      if (p.label) marker.bindTooltip(p.label);
      marker.addTo(layer);
    }
  }, [points]);

  useEffect(() => {
    const layer = pinLayer.current;
    if (!layer) return;
    layer.clearLayers();
    if (pin) {
      L.circleMarker([pin.lat, pin.lon], { radius: 9, color: '#b3261e', fillColor: '#b3261e', fillOpacity: 0.9 }).addTo(layer);
    }
  }, [pin?.lat, pin?.lon]);

  return (
    <div class="map-wrap">
      <div
        ref={el}
        class="map"
        style={{ height }}
        role="region"
        aria-label={label ?? t('map.label')}
        tabIndex={0}
        onKeyDown={(e) => {
          // Keyboard users pick the map's centre with Enter.
          if (e.key === 'Enter' && pickRef.current && map.current) {
            const c = map.current.getCenter();
            pickRef.current(round(c.lat), round(c.lng));
          }
        }}
      />
      {onPick && <p class="field-hint">{t('map.pick')}</p>}
    </div>
  );
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
