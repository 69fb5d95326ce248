// Strings of the panel page (keys 'panel.*'). Turkish first; `en` must have every key of `tr`.
export const tr = {
  'panel.title': 'panel',
};

export const en: typeof tr = {
  'panel.title': 'panel',
};
