// useModule / loadModule: code-split components without Suspense (the wall's cold start).
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { loadModule, useModule } from '../../../renderer/components/useModule';

const Hello = () => createElement('b', null, 'hello');

function Host({ load }: { load: () => Promise<{ default: typeof Hello }> }) {
  const C = useModule(load);
  return C ? createElement(C) : createElement('i', null, 'loading');
}

describe('loadModule', () => {
  it('loads a chunk once however many ask, and resolves its default export', async () => {
    let calls = 0;
    const load = async () => {
      calls++;
      return { default: 42 };
    };
    const [a, b] = await Promise.all([loadModule(load), loadModule(load)]);
    expect([a, b]).toEqual([42, 42]);
    expect(await loadModule(load)).toBe(42);
    expect(calls).toBe(1);
  });

  it('rejects with the loader error', async () => {
    const load = () => Promise.reject(new Error('chunk gone'));
    await expect(loadModule(load)).rejects.toThrow('chunk gone');
  });
});

describe('useModule', () => {
  it('renders nothing of the module until its chunk is loaded', () => {
    const load = () => new Promise<{ default: typeof Hello }>(() => {});
    expect(renderToString(createElement(Host, { load }))).toBe('<i>loading</i>');
  });

  it('renders a loaded module on the first render, without suspending', async () => {
    const load = async () => ({ default: Hello });
    await loadModule(load);
    expect(renderToString(createElement(Host, { load }))).toBe('<b>hello</b>');
  });

  it('throws a failed chunk to the error boundary, as React.lazy does', async () => {
    const load = () => Promise.reject<{ default: typeof Hello }>(new Error('chunk gone'));
    await loadModule(load).catch(() => {});
    expect(() => renderToString(createElement(Host, { load }))).toThrow('chunk gone');
  });
});
