import { buildHolidays } from '../scripts/build-holidays';
import { buildTemplates } from '../scripts/build-templates';

/** `npx vitest` alone works on a fresh clone too: generated sources are built first (cached). */
export default async function setup(): Promise<void> {
  await Promise.all([buildTemplates(), buildHolidays()]);
}
