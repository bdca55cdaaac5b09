/** A scratch AE_WORK_DIR for the tests of one file: set before its tests, removed after, with AE_WORK_DIR and AE_QUICK restored. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';

/** Registers the before/after hooks; `work` holds the scratch folder once the tests run. */
export function useScratchWorkDir(): { work: string } {
  const scratch = { work: '' };
  const saved = { AE_WORK_DIR: process.env.AE_WORK_DIR, AE_QUICK: process.env.AE_QUICK };
  before(() => {
    scratch.work = fs.mkdtempSync(path.join(os.tmpdir(), 'course-work-'));
    process.env.AE_WORK_DIR = scratch.work;
  });
  after(() => {
    fs.rmSync(scratch.work, { recursive: true, force: true });
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  return scratch;
}
