/**
 * Defects found by the QA pass (scripts/qa/), kept fixed: each test fails on the code before its fix.
 */
import { describe, expect, it } from 'vitest';
import { tokenize } from '../src/safety/normalize.ts';

describe('QA regressions', () => {
  it('words that are names of object properties do not crash the safety step', () => {
    // "constructor" looked up the contractions table's prototype and threw "spelled.split is not a function".
    expect(tokenize('constructor toString __proto__ hasOwnProperty valueOf')).toEqual([
      'constructor',
      'tostring',
      'proto',
      'hasownproperty',
      'valueof',
    ]);
  });

  it('"can\'t" and "won\'t" read as "can not" and "will not", as the patterns are written', () => {
    // Before, "I can't leave my room" became "i ca not leave my room" and no confinement pattern matched.
    expect(tokenize("I can't leave, he won't give it, don't")).toEqual([
      'i',
      'can',
      'not',
      'leave',
      'he',
      'will',
      'not',
      'give',
      'it',
      'do',
      'not',
    ]);
    expect(tokenize('I can’t')).toEqual(['i', 'can', 'not']);
  });
});
