/**
 * Writes the synthetic LFW sample (tools/sample-lfw.ts) into a folder, for running the notebooks without the real data:
 *
 *   node --import tsx scripts/make-sample-lfw.ts <folder> [count]     (default count: 360)
 */
import { endScript, makeSampleLfw } from '../tools';

async function main(): Promise<number> {
  const [folder, count] = process.argv.slice(2);
  if (!folder) {
    console.error('Usage: node --import tsx scripts/make-sample-lfw.ts <folder> [count]');
    return 2;
  }
  console.log(`Sample LFW written to ${await makeSampleLfw(folder, count ? Number(count) : undefined)}`);
  return 0;
}

endScript(main, (error) => {
  console.error(error);
  return 1;
});
