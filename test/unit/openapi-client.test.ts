import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/api/openapi';

const root = fileURLToPath(new URL('../..', import.meta.url));
const clientDir = `${root}tools/openapi-client`;

/**
 * An integrator's view of docs/openapi.json: generate TypeScript types with openapi-typescript and
 * type-check a program that calls every operation through openapi-fetch. A response without a schema
 * (typed `never`), a renamed parameter or a wrong body shape fails here.
 */
describe('generated client', () => {
  it('should call every operation of the document in the sample program', () => {
    const program = readFileSync(`${clientDir}/program.ts`, 'utf8');
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    for (const [path, item] of Object.entries(paths)) {
      for (const method of Object.keys(item).filter((key) => key !== 'parameters')) {
        expect(program, `${method.toUpperCase()} ${path}`).toContain(`.${method.toUpperCase()}('${path}'`);
      }
    }
  });

  it('should type-check the sample program against the generated types', () => {
    // Defaults do not make request fields required: the server fills them in.
    execFileSync(
      process.execPath,
      [
        `${clientDir}/node_modules/openapi-typescript/bin/cli.js`,
        `${root}docs/openapi.json`,
        '--default-non-nullable',
        'false',
        '--output',
        `${clientDir}/generated/schema.d.ts`,
      ],
      { stdio: 'pipe' },
    );
    let output = '';
    try {
      execFileSync(
        process.execPath,
        [`${root}node_modules/typescript/bin/tsc`, '-p', `${clientDir}/tsconfig.json`],
        {
          stdio: 'pipe',
        },
      );
    } catch (error) {
      output = String((error as { stdout?: Buffer }).stdout ?? error);
    }
    expect(output).toBe('');
  });
});
