import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/core/commands.ts';

describe('commands and their plain-word forms', () => {
  it.each([
    ['/start', 'start'],
    ['/help@MigrantRightsBot', 'help'],
    ['/language es', 'language'],
    ['/human', 'human'],
    ['/forget', 'forget'],
    ['/cancel', 'cancel'],
    ['Talk to a person', 'human'],
    ['hablar con una persona', 'human'],
    ['borrar mis datos', 'forget'],
    ['Oublie-moi !', 'forget'],
    ['apague meus dados', 'forget'],
    ['hapus data saya', 'forget'],
    ['burahin ang data ko', 'forget'],
    ['मद्दत', 'help'],
    ['मेरो डाटा मेटाउनुहोस्', 'forget'],
    ['أريد التحدث مع شخص', 'human'],
    ['احذف بياناتي', 'forget'],
    ['إلغاء', 'cancel'],
  ])('%s → %s', (text, name) => {
    expect(parseCommand(text)?.name).toBe(name);
  });

  it('keeps the argument and ignores unknown commands and ordinary sentences', () => {
    expect(parseCommand('/language ne')).toEqual({ name: 'language', arg: 'ne' });
    expect(parseCommand('/weather')).toBeUndefined();
    expect(parseCommand('I want to talk to a person about my pension')).toBeUndefined();
  });
});
