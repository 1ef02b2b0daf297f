// `import text from './file.css?raw'`: the file's text (Vite reads it so under vitest; tsup's raw-text plugin in the build).
declare module '*?raw' {
  const text: string;
  export default text;
}
