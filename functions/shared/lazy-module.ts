/**
 * Memoizes the loader of a lazy module (BaseFunction `lazyModules`): the first call starts the import,
 * every later call shares its promise. A failed import is not remembered: the next call tries again, so
 * one bad moment (a file-descriptor limit, a cancelled read) does not break the execution environment
 * for good. The loader itself, with its `import(specifier)`, stays in the importing module: the specifier
 * resolves against that module's URL, and esbuild must see the import there to leave it out of `index.mjs`.
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
