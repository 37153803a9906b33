// The lessons page: loads the engine once, then shows one lesson per route
// (#1 … #8) with a table of contents, progress marks and presentation mode.
import { loadEngine, type Engine } from '../engine';
import { setUpGlossary } from '../glossary/tooltip';
import '../style.css';
import { LESSONS, type LessonEntry } from './catalog';
import type { LessonHandle } from './lesson-1-neuron';
import './lessons.css';
import { loadProgress, type Progress } from './progress';
import { setUpPresentationToggle } from '../presentation';

function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`lessons.html lacks #${id}`);
  return found;
}

const status = byId('status', HTMLParagraphElement);
const article = byId('lesson', HTMLElement);
const nav = byId('lesson-nav', HTMLElement);
const pager = byId('lesson-pager', HTMLElement);

function currentId(): number {
  const n = Number(/^#(\d+)$/.exec(location.hash)?.[1] ?? '1');
  return LESSONS.some((l) => l.id === n) ? n : 1;
}

function complete(lesson: LessonEntry, progress: Progress): boolean {
  return lesson.tasks.length === 0 ? progress.isDone(`visited-${lesson.id}`) : lesson.tasks.every((t) => progress.isDone(t));
}

function renderNav(progress: Progress): void {
  const id = currentId();
  nav.innerHTML = `<ol>${LESSONS.map((l) => `<li><a href="#${l.id}" data-testid="nav-${l.id}"${l.id === id ? ' aria-current="page"' : ''}
    data-done="${complete(l, progress)}">${l.id}. ${l.title}${complete(l, progress) ? ' <span aria-label="done">✓</span>' : ''}</a></li>`).join('')}</ol>`;
  const i = LESSONS.findIndex((l) => l.id === id);
  const prev = LESSONS[i - 1];
  const next = LESSONS[i + 1];
  pager.innerHTML = `${prev === undefined ? '<span></span>' : `<a href="#${prev.id}">← ${prev.id}. ${prev.title}</a>`}
    ${next === undefined ? '' : `<a href="#${next.id}" data-testid="next-lesson">${next.id}. ${next.title} →</a>`}`;
}

function main(engine: Engine): void {
  const progress = loadProgress();
  setUpGlossary(document.body);
  setUpPresentationToggle(byId('lesson-nav', HTMLElement).ownerDocument);
  let handle: LessonHandle | null = null;
  const show = (): void => {
    handle?.dispose();
    const lesson = LESSONS.find((l) => l.id === currentId())!;
    article.dataset.lesson = String(lesson.id);
    document.title = `${lesson.id}. ${lesson.title} · Glassbox Lessons`;
    progress.markDone(`visited-${lesson.id}`);
    handle = lesson.setUp(article, engine, progress);
    renderNav(progress);
    window.scrollTo(0, 0);
  };
  progress.onChange(() => renderNav(progress));
  window.addEventListener('hashchange', show);
  show();
  status.hidden = true;
  document.body.dataset.state = 'ready';
}

loadEngine()
  .then(main)
  .catch((error: unknown) => {
    console.error(error);
    status.textContent = error instanceof Error ? error.message : String(error);
    status.dataset.kind = 'error';
    status.setAttribute('role', 'alert');
    document.body.dataset.state = 'error';
  });
