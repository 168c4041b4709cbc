import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compileMjml,
  composeMjml,
  htmlToText,
  loadMjml,
  messageFile,
  TEMPLATES_DIR,
  TemplateBuildError,
  textTemplateFromMjml,
} from '../../scripts/build-templates';

const mjml2html = loadMjml();

describe('build-templates compileMjml', () => {
  it('should compile a valid message', async () => {
    const source = await composeMjml(messageFile('second_reminder'));
    const { html, json } = await compileMjml(source, 'second_reminder', mjml2html);
    expect(html).toContain('{{#each statement.rows}}');
    expect(json.tagName).toBe('mjml');
  });

  it('should fail the build on invalid markup (strict validation)', async () => {
    const invalid = [
      '<mjml><mj-body><mj-section><mj-column><mj-text colour="red">x</mj-text></mj-column></mj-section></mj-body></mjml>',
      '<mjml><mj-body><mj-section><mj-text>text outside a column</mj-text></mj-section></mj-body></mjml>',
    ];
    for (const source of invalid) {
      await expect(compileMjml(source, 'broken', mjml2html)).rejects.toThrow(TemplateBuildError);
    }
  });
});

describe('build-templates sources', () => {
  it('should never print a value unescaped (no triple-stash) in any template', async () => {
    for (const file of await readdir(TEMPLATES_DIR, { recursive: true })) {
      if (!file.endsWith('.mjml')) continue;
      const source = await readFile(path.join(TEMPLATES_DIR, file), 'utf8');
      expect(source, file).not.toContain('{{{');
      expect(source, file).not.toContain('{{&');
    }
  });
});

describe('build-templates composeMjml', () => {
  it('should inline every partial', async () => {
    const source = await composeMjml(messageFile('formal_notice'));
    expect(source).not.toContain('<mj-include');
    expect(source).toContain('{{payment.transfer.intro}}');
  });

  it('should refuse includes that leave templates/', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'relance-templates-'));
    try {
      const file = path.join(directory, 'message.mjml');
      await writeFile(
        file,
        `<mjml><mj-body><mj-include path="${path.join(TEMPLATES_DIR, '..', 'package.json')}" /></mj-body></mjml>`,
      );
      await expect(composeMjml(file)).rejects.toThrow(/outside templates/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('build-templates plain-text derivation', () => {
  it('should turn paragraphs, line breaks, lists and tables into text', () => {
    expect(htmlToText('<p>One {{a}}</p><p>Two<br>three</p>')).toBe('One {{a}}\n\nTwo\nthree\n\n');
    expect(htmlToText('<ul><li>a</li><li>b</li></ul>')).toBe('\n- a\n- b\n\n');
    expect(htmlToText('<tr><td>Label</td><td>{{value}}</td></tr>')).toBe('Label{{@root.colon}}{{value}}\n');
    expect(htmlToText('<tr><td>1</td><td>2</td><td>3</td></tr>')).toBe('1 | 2 | 3\n');
    expect(htmlToText('a&nbsp;&amp;&lt;b&gt;')).toBe('a &<b>');
  });

  it('should write a button as its label and URL', () => {
    const text = textTemplateFromMjml({
      tagName: 'mj-button',
      attributes: { href: '{{link}}' },
      content: 'Pay',
    });
    expect(text.trim()).toBe('Pay{{@root.colon}}{{link}}');
  });

  it('should refuse a component it has no text rule for', () => {
    expect(() => textTemplateFromMjml({ tagName: 'mj-carousel', attributes: {} })).toThrow(
      TemplateBuildError,
    );
  });
});
