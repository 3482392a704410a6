import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A page whose code loads on first use, or earlier when asked: see `preload`. */
export type LazyPage<Props extends object = object> = LazyExoticComponent<ComponentType<Props>> & {
  /**
   * Starts loading the page's code now (idempotent), so that showing it later waits for
   * nothing: while the staff member types a password, or beside the layout once sign-in
   * succeeds. A failed preload is forgotten and tried again when the page is shown.
   */
  preload(): Promise<void>;
};

/** `React.lazy` for a named export, with `preload`. */
export function lazyPage<Props extends object>(load: () => Promise<ComponentType<Props>>): LazyPage<Props> {
  let loading: Promise<ComponentType<Props>> | undefined;
  const start = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  const component = lazy(() => start().then((page) => ({ default: page })));
  return Object.assign(component, {
    preload: () =>
      start().then(
        () => undefined,
        () => undefined,
      ),
  });
}
