// The request's photos, and uploading more (checked here first: an image, not over the size limit).
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { type Photo, addPhoto } from '../../api/requests';
import { t } from '../../i18n';
import { useSession } from '../../session';
import { ProblemAlert } from '../../ui/form';
import { PHOTO_MAX_BYTES, PHOTO_MAX_MB } from '../../photos';

export function PhotoSection({ id, photos, onAdded }: { id: number; photos: Photo[]; onAdded: () => void }) {
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [fileError, setFileError] = useState('');
  const [done, setDone] = useState('');

  async function upload(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    if (files.length === 0) return;
    setProblem(null);
    setDone('');
    // Checked here first: a photo at all, and not over the server's default limit (photos.max_mb = 8).
    const bad = files.find((f) => (f.type && !f.type.startsWith('image/')) || f.size > PHOTO_MAX_BYTES);
    if (bad) {
      setFileError(
        bad.size > PHOTO_MAX_BYTES ? t('birim.err.photoSize', { name: bad.name, mb: PHOTO_MAX_MB }) : t('birim.err.photoType', { name: bad.name }),
      );
      input.value = '';
      return;
    }
    setFileError('');
    setBusy(true);
    try {
      for (const file of files) {
        await addPhoto(id, file, me?.csrf_token ?? '');
      }
      setDone(t('birim.photoAdded'));
      onAdded();
    } catch (err) {
      setProblem(err instanceof ApiError ? err : new ApiError(0, 'network', t('error.network'), String(err)));
    } finally {
      setBusy(false);
      input.value = '';
    }
  }

  return (
    <section class="card" aria-labelledby="photos-title">
      <h2 id="photos-title">{t('birim.photos')}</h2>
      {photos.length === 0 ? (
        <p class="muted">{t('birim.noPhotos')}</p>
      ) : (
        <ul class="photos" data-testid="photos">
          {photos.map((p, i) => (
            <li key={p.sha256}>
              <a href={p.url} target="_blank" rel="noopener">
                <img src={p.url} alt={t('birim.photoAlt', { n: i + 1 })} loading="lazy" width={96} height={96} />
              </a>
            </li>
          ))}
        </ul>
      )}
      <ProblemAlert error={problem} />
      <div class="photo-input">
        <label for="photo-input" class="button">
          {t('birim.photoAdd')}
        </label>
        <input
          id="photo-input"
          class="photo-input__file"
          type="file"
          accept="image/*"
          capture="environment"
          onChange={upload}
          disabled={busy}
          aria-describedby={fileError ? 'photo-input-hint photo-input-error' : 'photo-input-hint'}
          aria-invalid={fileError ? true : undefined}
        />
        <p class="field-hint" id="photo-input-hint">
          {t('birim.photoHint')}
        </p>
        {fileError && (
          <p class="field-error" id="photo-input-error" role="alert">
            {fileError}
          </p>
        )}
        <p role="status" class="small" data-testid="photo-done">
          {busy ? t('birim.photoUploading') : done}
        </p>
      </div>
    </section>
  );
}
