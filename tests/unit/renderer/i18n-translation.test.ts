// renderer/i18n's useTranslation: one shared translator per language, whose plain keys are kept.
// What a component renders with it must be what i18next itself gives, in either language, after
// a language change, and for a bundle added after a key was first asked for.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Imported by path at run time: the node typecheck has no DOM types for renderer/i18n itself.
const I18N = '../../../renderer/i18n';
type T = (key: string, opts?: object) => string;
interface I18nModule {
  i18n: { language: string; changeLanguage(l: string): Promise<unknown>; getFixedT(l: string): T; addResourceBundle(l: string, ns: string, r: object, deep: boolean, overwrite: boolean): unknown };
  useTranslation(): { t: T; i18n: { language: string } };
}
let mod: I18nModule;

beforeAll(async () => {
  // The i18n layer sets the page's language on the document when it loads.
  vi.stubGlobal('document', { documentElement: { lang: '' } });
  mod = (await import(/* @vite-ignore */ I18N)) as I18nModule;
});
afterAll(async () => {
  await mod.i18n.changeLanguage('vi');
  vi.unstubAllGlobals();
});

function Probe({ k, count }: { k: string; count?: number }) {
  const { t, i18n } = mod.useTranslation();
  return createElement('p', { lang: i18n.language }, count === undefined ? t(k) : t(k, { count }));
}
const render = (k: string, count?: number) => renderToString(createElement(Probe, { k, count }));

describe('useTranslation (renderer/i18n)', () => {
  it('renders what i18next gives, with and without options, and the same text when asked again', () => {
    const fixed = mod.i18n.getFixedT('vi');
    expect(render('app.ioc')).toBe(`<p lang="vi">${fixed('app.ioc')}</p>`);
    expect(render('app.ioc')).toBe(`<p lang="vi">${fixed('app.ioc')}</p>`);
    expect(render('map.cluster', 3)).toBe(`<p lang="vi">${fixed('map.cluster', { count: 3 })}</p>`);
    expect(render('map.cluster', 7)).toContain('7');
  });

  it('gives a new translator on a language change, and the other language', async () => {
    const before = captureT();
    await mod.i18n.changeLanguage('en');
    const after = captureT();
    expect(after).not.toBe(before);
    expect(render('app.ioc')).toBe(`<p lang="en">${mod.i18n.getFixedT('en')('app.ioc')}</p>`);
    expect(render('app.ioc')).not.toContain(mod.i18n.getFixedT('vi')('app.ioc'));
    await mod.i18n.changeLanguage('vi');
    expect(render('app.ioc')).toBe(`<p lang="vi">${mod.i18n.getFixedT('vi')('app.ioc')}</p>`);
  });

  it('looks a key up again once a bundle that has it is added', () => {
    expect(render('lateBundle.title')).toBe('<p lang="vi">lateBundle.title</p>');
    mod.i18n.addResourceBundle('vi', 'translation', { lateBundle: { title: 'Đến sau' } }, true, true);
    expect(render('lateBundle.title')).toBe('<p lang="vi">Đến sau</p>');
  });
});

/** The translator a component gets now. */
function captureT(): unknown {
  let got: unknown;
  function Grab() {
    got = mod.useTranslation().t;
    return null;
  }
  renderToString(createElement(Grab));
  return got;
}
