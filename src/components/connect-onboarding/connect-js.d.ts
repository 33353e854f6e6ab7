// @stripe/connect-js has no `exports` map and its `pure` entry is CommonJS; the component imports the ESM build of
// the side-effect-free loader directly, with the package's own types.
declare module '@stripe/connect-js/dist/pure.esm.js' {
  export * from '@stripe/connect-js/pure';
}
