/** The text word count reads: a few lines, fixed so that every run counts the same words. */
export const WORD_COUNT_TEXT: readonly string[] = [
  'To be, or not to be, that is the question:',
  'Whether tis nobler in the mind to suffer',
  'The slings and arrows of outrageous fortune,',
  'Or to take arms against a sea of troubles',
  'And by opposing end them. To die: to sleep;',
  'No more; and by a sleep to say we end',
  'The heart-ache and the thousand natural shocks',
  'That flesh is heir to, tis a consummation',
  'Devoutly to be wished. To die, to sleep;',
  'To sleep: perchance to dream: ay, there is the rub;',
];

/** Splits a line into lower-case words. */
export function words(line: string): string[] {
  return line.toLowerCase().split(/[^a-z']+/).filter((w) => w.length > 0);
}
