/**
 * Memoizes the loader of a lazy module (BaseFunction `lazyModules`): the first call starts the import,
 * every later call shares its promise. A failed import is not remembered: the next call tries again, so
 * one bad moment (a file-descriptor limit, a cancelled read) does not break the execution environment
 * for good. The loader itself, with its `import(siblingModule(import.meta.url, …))`, stays in the
 * importing module: the specifier resolves against that module's URL.
 */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}

/**
 * The specifier of the lazy module `name` next to its importer: deployed, `<name>.mjs` beside `index.mjs`
 * (BaseFunction `lazyModules`); run from source, `<name>.ts` beside the importing file. Computed at run
 * time, so esbuild leaves the import out of `index.mjs`.
 */
export function siblingModule(importerUrl: string, name: string): string {
  return importerUrl.endsWith('.mjs') ? `./${name}.mjs` : `./${name}.ts`;
}
