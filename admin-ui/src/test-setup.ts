import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom has no layout engine: MUI's useMediaQuery needs matchMedia to exist.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// The first render of a react-admin page loads many modules; on a busy 2-core CI machine that
// can take longer than testing-library's default second of waiting for it.
configure({ asyncUtilTimeout: 5000 });

// Without vitest globals, testing-library cannot register its own cleanup: a failed test would
// leave its DOM behind for the next one.
afterEach(() => cleanup());
