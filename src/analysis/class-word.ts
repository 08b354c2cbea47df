/** What the pictures and pages call a class: ten classes are MNIST's digits; any other count, classes. */
export type ClassWord = 'digit' | 'class';

export function classWord(classes: number): ClassWord {
  return classes === 10 ? 'digit' : 'class';
}
