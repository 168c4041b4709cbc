import { describe, expect, it } from 'vitest';
import { lazyModule, siblingModule } from '../../functions/shared/lazy-module';

describe('lazyModule', () => {
  it('should import once and share the module between callers', async () => {
    let imports = 0;
    const load = lazyModule(async () => {
      imports += 1;
      return { value: imports };
    });
    const [first, second] = await Promise.all([load(), load()]);
    expect(first).toBe(second);
    expect(await load()).toBe(first);
    expect(imports).toBe(1);
  });

  it('should try again after a failed import instead of remembering the failure', async () => {
    let attempts = 0;
    const load = lazyModule(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('EMFILE: too many open files');
      return 'module';
    });
    await expect(load()).rejects.toThrow('EMFILE');
    expect(await load()).toBe('module');
    expect(attempts).toBe(2);
  });
});

describe('siblingModule', () => {
  it('should name the bundled file next to index.mjs deployed, and the source file next to the importer', () => {
    expect(siblingModule('file:///var/task/index.mjs', 'letter')).toBe('./letter.mjs');
    expect(siblingModule('file:///repo/functions/send-message/render.ts', 'letter')).toBe('./letter.ts');
  });
});
