/**
 * Memoizes the loader of a lazy module (BaseFunction `lazyModules`): the first call starts the import,
 * every later call shares its promise. The loader itself, with its `import(specifier)`, stays in the
 * importing module: the specifier resolves against that module's URL, and esbuild must see the import
 * there to leave it out of `index.mjs`.
 */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}
