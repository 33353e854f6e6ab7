declare module 'virtual:ck-sim-prebuilt' {
  /** File name -> contents (bundled scripts, HTML, CSS). */
  const files: Record<string, string>;
  export default files;
}
