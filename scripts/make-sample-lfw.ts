/**
 * Writes the synthetic LFW sample (tools/sample-lfw.ts) into a folder, for running the notebooks without the real data:
 *
 *   node --import tsx scripts/make-sample-lfw.ts <folder> [count]     (default count: 360)
 */
import { makeSampleLfw } from '../tools';

const [folder, count] = process.argv.slice(2);
if (!folder) {
  console.error('Usage: node --import tsx scripts/make-sample-lfw.ts <folder> [count]');
  process.exit(2);
}
makeSampleLfw(folder, count ? Number(count) : undefined).then(
  (out) => console.log(`Sample LFW written to ${out}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
