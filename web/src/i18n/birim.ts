// Strings of the birim page (keys 'birim.*'). Turkish first; `en` must have every key of `tr`.
export const tr = {
  'birim.title': 'birim',
};

export const en: typeof tr = {
  'birim.title': 'birim',
};
