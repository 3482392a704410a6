import { Suspense } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { lazyPage } from './lazyPage.ts';

const Page = () => <h1>The page</h1>;

describe('lazyPage', () => {
  it('when preloaded, then the code is fetched once and the page shows from it', async () => {
    const load = vi.fn(async () => Page);
    const LazyThing = lazyPage(load);

    await Promise.all([LazyThing.preload(), LazyThing.preload()]);
    render(
      <Suspense fallback={<p>Loading</p>}>
        <LazyThing />
      </Suspense>,
    );

    expect(await screen.findByRole('heading', { name: 'The page' })).toBeVisible();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('when a preload fails (the network blinked), then it is forgotten and showing the page tries again', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('network down')).mockResolvedValue(Page);
    const LazyThing = lazyPage(load);

    await expect(LazyThing.preload()).resolves.toBeUndefined();
    render(
      <Suspense fallback={<p>Loading</p>}>
        <LazyThing />
      </Suspense>,
    );

    expect(await screen.findByRole('heading', { name: 'The page' })).toBeVisible();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
