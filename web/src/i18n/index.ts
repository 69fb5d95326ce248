// Every string the user sees, Turkish first with an English switch. One file per area in this folder, each
// exporting `tr` and `en` (typed so that `en` has every key of `tr`); keys are prefixed with the area.
import { useEffect, useState } from 'preact/hooks';
import * as common from './common';
import * as konsol from './konsol';
import * as birim from './birim';
import * as panel from './panel';
import * as portal from './portal';
import * as yonetim from './yonetim';

const tr = { ...common.tr, ...konsol.tr, ...birim.tr, ...panel.tr, ...portal.tr, ...yonetim.tr };
const en: typeof tr = { ...common.en, ...konsol.en, ...birim.en, ...panel.en, ...portal.en, ...yonetim.en };

export type Lang = 'tr' | 'en';
export type MessageKey = keyof typeof tr;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { tr, en };
const STORAGE_KEY = 'alo153.lang';
const listeners = new Set<(lang: Lang) => void>();

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'tr';
  } catch {
    return 'tr';
  }
}

let lang: Lang = initialLang();
document.documentElement.lang = lang;

export function currentLang(): Lang {
  return lang;
}

export function setLang(next: Lang) {
  lang = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  listeners.forEach((l) => l(next));
}

/** The message for `key` in the current language, with {name} placeholders filled from `vars`. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  let text = dictionaries[lang][key] ?? dictionaries.tr[key] ?? key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) text = text.split(`{${k}}`).join(String(v));
  }
  return text;
}

/** Re-renders the calling component when the language changes; returns the current language. */
export function useLang(): Lang {
  const [value, setValue] = useState(lang);
  useEffect(() => {
    listeners.add(setValue);
    return () => {
      listeners.delete(setValue);
    };
  }, []);
  return value;
}
