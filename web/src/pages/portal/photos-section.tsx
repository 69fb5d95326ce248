// The portal form's photos: chosen (the camera on a phone), previewed, and checked before anything is sent.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { Field, describedBy } from '../../ui/form';
import { PHOTO_MAX_MB, isPhoto } from '../../photos';
import { MAX_PHOTOS } from './validate';
import type { SectionProps } from './form-state';

export function PhotosSection({ state, dispatch }: SectionProps) {
  return (
    <section class="card" aria-labelledby="portal-photos-h">
      <h2 id="portal-photos-h">{t('portal.section.photos')}</h2>
      <PhotoInput
        files={state.photos}
        error={state.errors.photos}
        onFiles={(list) => dispatch({ kind: 'photos', files: list, error: photoProblem(list) })}
      />
    </section>
  );
}

/** The first thing wrong with these photos (too many, not a photo, too big), or undefined. */
export function photoProblem(list: File[]): string | undefined {
  if (list.length > MAX_PHOTOS) return t('portal.err.photosMany', { max: MAX_PHOTOS, n: list.length });
  for (const f of list) {
    if (!isPhoto(f)) return t('portal.err.photosType', { name: f.name });
    if (f.size > PHOTO_MAX_MB * 1024 * 1024)
      return t('portal.err.photosBig', { name: f.name, size: (f.size / 1048576).toFixed(1), mb: PHOTO_MAX_MB });
  }
  return undefined;
}

/** Choose photos (the camera on a phone); each is checked for type and size before anything is sent. */
function PhotoInput({ files, onFiles, error }: { files: File[]; onFiles: (f: File[]) => void; error?: string }) {
  const id = 'portal-photos';
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const list = files.map((f) => (isPhoto(f) && f.type !== 'image/heic' && f.type !== 'image/heif' ? URL.createObjectURL(f) : ''));
    setUrls(list);
    return () => list.forEach((u) => u && URL.revokeObjectURL(u));
  }, [files]);
  const hint = t('portal.photos.hint', { max: MAX_PHOTOS, mb: PHOTO_MAX_MB });
  return (
    <Field id={id} label={t('portal.photos')} error={error} hint={hint} optional>
      <input
        id={id}
        type="file"
        accept="image/*"
        multiple
        onChange={(e) => {
          const input = e.currentTarget as HTMLInputElement;
          const added = Array.from(input.files ?? []);
          input.value = '';
          if (added.length) onFiles([...files, ...added]);
        }}
        {...describedBy(id, error, hint)}
      />
      {files.length > 0 && (
        <ul class="portal-photos" aria-label={t('portal.photos.list')} data-testid="portal-photo-list">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {urls[i] ? <img src={urls[i]} alt="" /> : <span class="portal-photo-ph" aria-hidden="true" />}
              <span class="portal-photo-name">{f.name}</span>
              <button
                type="button"
                class="link-button"
                aria-label={t('portal.photos.remove', { name: f.name })}
                onClick={() => onFiles(files.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </Field>
  );
}
