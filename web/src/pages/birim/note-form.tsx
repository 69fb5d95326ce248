// Adds an internal note, or a public answer the citizen sees when tracking the request.
import { useState } from 'preact/hooks';
import { addNote } from '../../api/requests';
import { t } from '../../i18n';
import { Checkbox, ProblemAlert, TextArea, serverFieldError } from '../../ui/form';

export function NoteForm({ id, onAdded }: { id: number; onAdded: () => void }) {
  const [text, setText] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [error, setError] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');

  async function submit(e: Event) {
    e.preventDefault();
    setDone('');
    setProblem(null);
    if (!text.trim()) {
      setError(t('birim.err.note'));
      document.getElementById('note-text')?.focus();
      return;
    }
    setError('');
    setBusy(true);
    try {
      await addNote(id, text.trim(), isPublic);
      setDone(isPublic ? t('birim.answerAdded') : t('birim.noteAdded'));
      setText('');
      setPublic(false);
      onAdded();
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t('birim.notes')}</h2>
      <form onSubmit={submit} noValidate>
        <ProblemAlert error={problem} />
        <TextArea
          id="note-text"
          label={t('birim.noteText')}
          value={text}
          onValue={setText}
          maxLength={4000}
          error={error || serverFieldError(problem, 'text')}
        />
        <Checkbox id="note-public" label={t('birim.notePublic')} checked={isPublic} onValue={setPublic} />
        <div class="row">
          <button type="submit" class="button button--primary" data-testid="note-add" disabled={busy}>
            {busy ? t('app.loading') : t('birim.noteAdd')}
          </button>
          <span role="status" class="small" data-testid="note-done">
            {done}
          </span>
        </div>
      </form>
    </section>
  );
}
