// Questions the chat cannot read yet: one written in Chinese, Japanese or Korean gets a short reply that says so, in
// English and in Chinese, with the commands that work. Kept apart so the Chinese mode (its own issue) replaces it.
import { seg, wrapSegs, para, type Line } from './lines';

/** Han, kana and Hangul: a question written in one of these scripts is not English. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Whether a free-text question is written in a language the chat does not understand yet. */
export const notEnglish = (question: string): boolean => CJK.test(question);

/** The reply: only English questions for now, and the commands (which work whatever the language). */
export function englishOnlyLines(w: number): Line[] {
  return [
    ...para('I can only understand questions in English for now; a Chinese mode is coming.', w),
    ...para('目前我只能理解英文提问，中文模式即将推出。', w),
    ...wrapSegs(
      [seg('The commands work as they are: '), seg('fix N', 'cmd'), seg(', '), seg('why N', 'cmd'), seg(', '), seg('findings', 'cmd'), seg(', '), seg('groups', 'cmd'), seg(', '), seg('devices', 'cmd'), seg(', '), seg('help', 'cmd'), seg(', '), seg('quit', 'cmd'), seg('.')],
      w,
      '',
    ),
  ];
}
