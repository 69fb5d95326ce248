// Photos the forms accept before sending them: the types the server recognises by their bytes
// (JPEG/PNG/WebP/HEIC) and its default size limit (photos.max_mb = 8; /meta does not expose it yet).

export const PHOTO_MAX_MB = 8;
export const PHOTO_MAX_BYTES = PHOTO_MAX_MB * 1024 * 1024;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];
const PHOTO_EXT = /\.(jpe?g|png|webp|heic|heif)$/i;

/** Whether the file looks like a photo the server takes (browsers often give HEIC files no type). */
export function isPhoto(file: File): boolean {
  return PHOTO_TYPES.includes(file.type.toLowerCase()) || (!file.type && PHOTO_EXT.test(file.name));
}
