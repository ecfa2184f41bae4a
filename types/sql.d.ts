/** Migrations are plain .sql files bundled as text (esbuild `text` loader, a Vite plugin in tests). */
declare module '*.sql' {
  const sql: string;
  export default sql;
}
