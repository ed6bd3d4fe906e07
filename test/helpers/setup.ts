import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

// No test may reach the internet; local emulator and simulator servers stay reachable.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});
