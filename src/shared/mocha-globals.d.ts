// Types of the Mocha globals that @web/test-runner provides to component tests (`src/**/*.test.ts`).
// @types/mocha is not installed; these cover what the kit's tests use.
declare function describe(title: string, fn: (this: unknown) => void): void;
declare function it(title: string, fn: (this: unknown) => unknown): void;
declare function before(fn: () => unknown): void;
declare function after(fn: () => unknown): void;
declare function beforeEach(fn: () => unknown): void;
declare function afterEach(fn: () => unknown): void;
