import { buildTemplates } from '../scripts/build-templates';

/** `npx vitest` alone works on a fresh clone too: the precompiled templates are built first (cached). */
export default async function setup(): Promise<void> {
  await buildTemplates();
}
