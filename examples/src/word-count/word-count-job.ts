import { collectionSource, defineJob, resultSink } from '@weir/operators';
import { WORD_COUNT_TEXT, words } from './text.js';

/** One word and how often it has been seen so far. */
export interface WordCount {
  readonly word: string;
  readonly count: number;
}

/**
 * Word count, the first job of every stream processor: lines → words → counted per word.
 * Arguments: `repeat` (how many times the text is read, default 1). Results go to the
 * result sink `counts` as running counts; the last count of each word is its total.
 */
export default defineJob((env, args) => {
  const repeat = Number(args.repeat ?? '1');
  if (!Number.isInteger(repeat) || repeat < 1) throw new RangeError(`repeat must be a positive integer, got ${args.repeat}`);
  const lines = Array.from({ length: repeat }, () => WORD_COUNT_TEXT).flat();
  env
    .fromSource('lines', collectionSource(lines, 'lines'))
    .flatMap<WordCount>('split', (line, out) => {
      for (const word of words(line)) out.collect({ word, count: 1 });
    })
    .keyBy((wc) => wc.word)
    .reduce('count', (a, b) => ({ word: a.word, count: a.count + b.count }))
    .sinkTo('counts', resultSink<WordCount>('counts'));
});
