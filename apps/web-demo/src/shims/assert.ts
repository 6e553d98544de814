// The browser stand-in for `node:assert`, whose AssertionError is all that the test kit's
// portable checks import from it (see vite.config.ts).
export class AssertionError extends Error {
  constructor(options: { message?: string }) {
    super(options.message);
    this.name = 'AssertionError';
  }
}
