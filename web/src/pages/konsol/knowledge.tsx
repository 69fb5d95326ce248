// The knowledge base in the side panel: search (Turkish-folded on the server), open an article, and record the
// call as "informed" with that article — two actions.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { listArticles } from '../../api/articles';
import type { Article } from '../../api/types';
import { t } from '../../i18n';
import { Empty, Loading } from '../../ui/feedback';
import { ProblemAlert } from '../../ui/form';

let allArticles: Promise<Article[]> | null = null;

/** Every active article (the panel's list before a search, and titles for earlier contacts). */
export function loadAllArticles(): Promise<Article[]> {
  if (!allArticles) {
    allArticles = listArticles().then((p) => p.items);
    allArticles.catch(() => (allArticles = null));
  }
  return allArticles;
}

interface KbProps {
  /** Records the running (or a one-step) contact as informed with the article; resolves when it is stored. */
  onInformed: (article: Article) => Promise<void>;
  /** The contact was recorded as informed with this article id (shows the confirmation). */
  informedId: number | null;
  onOpenArticle: (article: Article | null) => void;
}

export function KnowledgePanel({ onInformed, informedId, onOpenArticle }: KbProps) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Article[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Article | null>(null);
  const [busy, setBusy] = useState(false);
  const [recordError, setRecordError] = useState<unknown>(null);
  const articleRef = useRef<HTMLElement>(null);
  // Where the focus goes once an article has been opened or closed (right after that render).
  const focusNext = useRef<'article' | 'search' | null>(null);
  useLayoutEffect(() => {
    if (!focusNext.current) return;
    (focusNext.current === 'article' ? articleRef.current : document.getElementById('kb-search'))?.focus();
    focusNext.current = null;
  }, [open]);

  useEffect(() => {
    const controller = new AbortController();
    const term = q.trim();
    const timer = setTimeout(
      () => {
        const load = term
          ? listArticles({ q: term }, { signal: controller.signal }).then((p) => p.items)
          : loadAllArticles();
        load
          .then((list) => {
            if (controller.signal.aborted) return;
            setItems(list);
            setError(null);
          })
          .catch((e) => {
            if ((e as Error).name !== 'AbortError') setError(e);
          });
      },
      term ? 200 : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q]);

  function show(a: Article | null) {
    setOpen(a);
    setRecordError(null);
    onOpenArticle(a);
    focusNext.current = a ? 'article' : 'search';
  }

  async function record() {
    if (!open) return;
    setBusy(true);
    setRecordError(null);
    try {
      await onInformed(open);
    } catch (e) {
      setRecordError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <aside class="card konsol-kb" aria-labelledby="kb-title">
      <h2 id="kb-title">
        {t('konsol.kb.title')} <kbd>Alt+K</kbd>
      </h2>
      <div class="field">
        <label for="kb-search">{t('konsol.kb.search')}</label>
        <input
          id="kb-search"
          type="search"
          value={q}
          autoComplete="off"
          aria-controls="kb-results"
          onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              (document.querySelector('#kb-results button') as HTMLElement | null)?.focus();
            }
          }}
        />
      </div>
      {open ? (
        <article class="konsol-article" data-testid="kb-open-article" data-article-id={open.id} tabIndex={-1} ref={articleRef} aria-labelledby="kb-article-title" onKeyDown={(e) => e.key === 'Escape' && show(null)}>
          <h3 id="kb-article-title">{open.title}</h3>
          <ProblemAlert error={recordError} />
          {informedId === open.id ? (
            <div class="alert alert--success" role="status" data-testid="informed-recorded">
              {t('konsol.kb.recorded')}
            </div>
          ) : (
            <button type="button" class="button button--primary" data-testid="record-informed" onClick={record} disabled={busy}>
              {t('konsol.kb.recordInformed')}
            </button>
          )}
          <div class="konsol-article-body">
            {open.body.split(/\n{2,}/).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
          {open.tags.length > 0 && (
            <p class="row small">
              {open.tags.map((tag) => (
                <span key={tag} class="badge">
                  {tag}
                </span>
              ))}
            </p>
          )}
          <button type="button" class="link-button" onClick={() => show(null)} data-testid="kb-back">
            ← {t('konsol.kb.back')}
          </button>
        </article>
      ) : error ? (
        <ProblemAlert error={error} />
      ) : items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>{t('konsol.kb.none')}</Empty>
      ) : (
        <ul id="kb-results" class="konsol-kb-list" aria-label={t('konsol.kb.results')}>
          {items.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                class="konsol-kb-item"
                data-testid="kb-article"
                data-article-id={a.id}
                onClick={() => show(a)}
                onKeyDown={(e) => {
                  const li = (e.currentTarget as HTMLElement).parentElement;
                  if (e.key === 'ArrowDown') {
                    e.preventDefault();
                    (li?.nextElementSibling?.querySelector('button') as HTMLElement | null)?.focus();
                  } else if (e.key === 'ArrowUp') {
                    e.preventDefault();
                    const prev = li?.previousElementSibling?.querySelector('button') as HTMLElement | null;
                    (prev ?? (document.getElementById('kb-search') as HTMLElement | null))?.focus();
                  }
                }}
              >
                <strong>{a.title}</strong>
                <span class="muted small">{snippet(a.body)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

function snippet(body: string): string {
  return body.length > 110 ? `${body.slice(0, 107)}…` : body;
}
