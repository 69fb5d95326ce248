// Strings of the konsol page (keys 'konsol.*'). Turkish first; `en` must have every key of `tr`.
export const tr = {
  'konsol.title': 'konsol',
};

export const en: typeof tr = {
  'konsol.title': 'konsol',
};
