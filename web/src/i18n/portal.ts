// Strings of the portal page (keys 'portal.*'). Turkish first; `en` must have every key of `tr`.
export const tr = {
  'portal.title': 'portal',
};

export const en: typeof tr = {
  'portal.title': 'portal',
};
