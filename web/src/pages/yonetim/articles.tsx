// Knowledge-base articles: search (Turkish-folded, on the server), create, and edit with If-Match so that two
// administrators never overwrite each other's changes unknowingly.
import { useEffect, useState } from 'preact/hooks';
import { categoryName, loadCategories, useLoad } from '../../api/catalog';
import { createArticle, getArticle, listArticles, updateArticle } from '../../api/articles';
import { ApiError } from '../../api/client';
import type { Article } from '../../api/types';
import { t } from '../../i18n';
import { Loading, Notice } from '../../ui/feedback';
import { ListEditor, useListEditor } from '../../ui/list-editor';
import { ProblemAlert, Select, TextArea, TextInput } from '../../ui/form';
import { type Errors, focusFirst, hasErrors, serverErrors } from './shared';

export function ArticlesTab() {
  const tree = useLoad(loadCategories);
  const [q, setQ] = useState('');
  const [articles, setArticles] = useState<Article[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const { editing, saved, edit, done } = useListEditor<number | 'new'>(() => setTick((n) => n + 1));

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      listArticles({ q: q.trim(), include_inactive: true, limit: 100 }, { signal: controller.signal })
        .then((r) => {
          setArticles(r.items);
          setError(null);
        })
        .catch((e) => (e as Error).name !== 'AbortError' && setError(e));
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, tick]);

  const catLabel = (code: string | null) => {
    if (!code || !tree) return code ?? '';
    for (const top of tree) for (const s of top.children ?? []) if (s.code === code) return categoryName(s);
    return code;
  };

  return (
    <ListEditor
      title={t('yonetim.articles.title')}
      titleId="articles-h"
      saved={saved}
      action={
        <button type="button" class="button" data-testid="article-new" onClick={() => edit('new')}>
          {t('yonetim.articles.new')}
        </button>
      }
      side={
        <>
          {editing !== null && tree && (
            <ArticleEditor
              key={editing}
              id={editing === 'new' ? null : editing}
              tree={tree}
              onDone={done}
            />
          )}
        </>
      }
    >
      <TextInput id="article-search" label={t('yonetim.articles.search')} value={q} onValue={setQ} type="search" hint={t('yonetim.articles.searchHint')} />
      <ProblemAlert error={error} />
      {!articles ? (
        <Loading />
      ) : articles.length === 0 ? (
        <p class="empty">{t('yonetim.articles.none')}</p>
      ) : (
        <ul class="yon-articles" data-testid="article-list">
          {articles.map((a) => (
            <li key={a.id} data-testid="article-row" data-id={a.id} class={a.active ? '' : 'yon-inactive'}>
              <div>
                <strong>{a.title}</strong> {!a.active && <span class="badge badge--rejected">{t('yonetim.inactive')}</span>}
                <div class="small muted">
                  {catLabel(a.category)}
                  {a.tags.length > 0 && ` · ${a.tags.join(', ')}`}
                </div>
                <p class="small yon-excerpt">{a.body.length > 180 ? `${a.body.slice(0, 180)}…` : a.body}</p>
              </div>
              <button type="button" class="button yon-small" aria-label={t('yonetim.editNamed', { name: a.title })} onClick={() => edit(a.id)}>
                {t('yonetim.edit')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </ListEditor>
  );
}

const IDS = { title: 'article-title', body: 'article-body', category: 'article-category', tags: 'article-tags' };

function ArticleEditor({ id, tree, onDone }: { id: number | null; tree: NonNullable<ReturnType<typeof loadCategories> extends Promise<infer T> ? T : never>; onDone: (message?: string) => void }) {
  const [loaded, setLoaded] = useState<Article | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [category, setCategory] = useState('');
  const [tags, setTags] = useState('');
  const [active, setActive] = useState(true);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reloadTick, setReloadTick] = useState(0);

  useEffect(() => {
    if (id === null) {
      document.getElementById('article-title')?.focus();
      return;
    }
    let live = true;
    getArticle(id)
      .then((a) => {
        if (!live) return;
        setLoaded(a);
        setTitle(a.title);
        setBody(a.body);
        setCategory(a.category ?? '');
        setTags(a.tags.join(', '));
        setActive(a.active);
        requestAnimationFrame(() => document.getElementById('article-title')?.focus());
      })
      .catch((e) => live && setProblem(e));
    return () => {
      live = false;
    };
  }, [id, reloadTick]);

  async function save(e: Event) {
    e.preventDefault();
    setProblem(null);
    setStale(false);
    const errs: Errors = {};
    if (!title.trim()) errs.title = t('yonetim.err.required');
    else if (title.trim().length > 200) errs.title = t('yonetim.err.tooLong', { max: 200 });
    if (!body.trim()) errs.body = t('yonetim.err.required');
    else if (body.length > 20000) errs.body = t('yonetim.err.tooLong', { max: 20000 });
    setErrors(errs);
    if (hasErrors(errs)) return focusFirst(errs, IDS);
    setBusy(true);
    const payload = {
      title: title.trim(),
      body: body.trim(),
      category,
      tags: tags.split(/[,\n]+/).map((s) => s.trim()).filter(Boolean),
      active,
    };
    try {
      if (id === null) await createArticle(payload);
      else await updateArticle(id, payload, loaded?.version);
      onDone(t('yonetim.savedNamed', { name: payload.title }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        // Someone else saved first: load their version, keep nothing of ours silently.
        setStale(true);
        setReloadTick((n) => n + 1);
      } else {
        const fe = serverErrors(err, { title: 'title', body: 'body', category: 'category', tags: 'tags' });
        setErrors(fe);
        focusFirst(fe, IDS);
        setProblem(err);
      }
    } finally {
      setBusy(false);
    }
  }

  const options = tree.flatMap((top) => (top.children ?? []).map((s) => ({ value: s.code, label: `${categoryName(top)} › ${categoryName(s)}` })));
  if (id !== null && !loaded && !problem) return <Loading />;
  return (
    <section class="card" aria-labelledby="article-edit-h" data-testid="article-editor">
      <h2 id="article-edit-h">{id === null ? t('yonetim.articles.new') : t('yonetim.articles.edit')}</h2>
      <form onSubmit={save} noValidate>
        {stale && <Notice kind="warning">{t('error.stale')}</Notice>}
        <ProblemAlert error={problem} />
        <TextInput id="article-title" label={t('yonetim.articles.titleField')} value={title} onValue={setTitle} error={errors.title} required />
        <TextArea id="article-body" label={t('yonetim.articles.body')} value={body} onValue={setBody} error={errors.body} rows={10} required />
        <Select id="article-category" label={t('yonetim.articles.category')} value={category} onValue={setCategory} placeholder={t('yonetim.articles.noCategory')} options={options} error={errors.category} optional />
        <TextInput id="article-tags" label={t('yonetim.articles.tags')} value={tags} onValue={setTags} hint={t('yonetim.articles.tagsHint')} error={errors.tags} optional />
        <div class="field field--check">
          <input type="checkbox" id="article-active" checked={active} onChange={(e) => setActive((e.currentTarget as HTMLInputElement).checked)} />
          <label for="article-active">{t('yonetim.articles.active')}</label>
        </div>
        <div class="row">
          <button type="submit" class="button button--primary" disabled={busy} data-testid="article-save">
            {t('form.save')}
          </button>
          <button type="button" class="button" onClick={() => onDone()}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
