// The catalog the pages share (labels, categories, districts, neighbourhoods), fetched once per page load and
// cached. The GETs are public, so the citizen portal uses them too.
import { useEffect, useState } from 'preact/hooks';
import { api } from './client';
import type { Category, District, Meta, Neighbourhood, Page } from './types';
import { currentLang } from '../i18n';
import { foldTurkish } from '../text';

const cache = new Map<string, Promise<unknown>>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** Forgets cached catalog data (after an administrator changed it). */
export function invalidateCatalog() {
  cache.clear();
}

export const loadMeta = () => cached('meta', () => api.get<Meta>('/api/v1/meta'));
export const loadCategories = () =>
  cached('categories', async () => (await api.get<Page<Category>>('/api/v1/categories')).items);
export const loadDistricts = () =>
  cached('districts', async () => (await api.get<Page<District>>('/api/v1/districts')).items);
export const loadNeighbourhoods = (district: string) =>
  cached(`nb:${district}`, async () =>
    (await api.get<Page<Neighbourhood>>(`/api/v1/districts/${encodeURIComponent(district)}/neighbourhoods`)).items,
  );

/** A promise's value as component state: undefined while loading. Errors are logged and leave it undefined. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let live = true;
    load()
      .then((v) => live && setValue(v))
      .catch((e) => console.error(e));
    return () => {
      live = false;
    };
  }, deps);
  return value;
}

/** The category's name in the interface language. */
export function categoryName(c: Pick<Category, 'name' | 'name_en'>): string {
  return currentLang() === 'en' && c.name_en ? c.name_en : c.name;
}

/** Every active sub-category with its parent, flattened for pickers. */
export function subCategories(tree: Category[]): { sub: Category; top: Category }[] {
  const out: { sub: Category; top: Category }[] = [];
  for (const top of tree) {
    for (const sub of top.children ?? []) if (sub.active && top.active) out.push({ sub, top });
  }
  return out;
}

/**
 * Sub-categories matching a query the Turkish-folded way ("cop" finds "Çöp"), by code, name, parent name or
 * keyword; names that start with the query come first.
 */
export function searchCategories(tree: Category[], q: string): { sub: Category; top: Category }[] {
  const all = subCategories(tree);
  const needle = foldTurkish(q.trim());
  if (!needle) return all;
  const scored: { item: { sub: Category; top: Category }; score: number }[] = [];
  for (const item of all) {
    const name = foldTurkish(categoryName(item.sub));
    const hay = [item.sub.code, name, foldTurkish(categoryName(item.top)), ...item.sub.keywords.map(foldTurkish)]
      .join(' ')
      .toLowerCase();
    if (!needle.split(/\s+/).every((w) => hay.includes(w))) continue;
    scored.push({ item, score: name.startsWith(needle) ? 0 : name.includes(needle) ? 1 : 2 });
  }
  return scored.sort((a, b) => a.score - b.score).map((s) => s.item);
}
