// Strings of the yonetim page (keys 'yonetim.*'). Turkish first; `en` must have every key of `tr`.
export const tr = {
  'yonetim.title': 'yonetim',
};

export const en: typeof tr = {
  'yonetim.title': 'yonetim',
};
