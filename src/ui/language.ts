// Questions in a language the chat cannot read: English and Chinese are understood (Chinese is answered in Chinese);
// one written in Japanese or Korean gets a short reply that says so, with the commands that work.
import { seg, wrapSegs, para, type Line } from './lines';
import { tr } from '../i18n/lang';

/** Kana and Hangul: a question with these is Japanese or Korean (Han alone is Chinese, which the chat reads). */
const UNREAD = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Whether a free-text question is written in a language the chat does not understand. */
export const notUnderstood = (question: string): boolean => UNREAD.test(question);

/** The reply: which languages work, and the commands (which work whatever the language). */
export function languagesLines(w: number): Line[] {
  return [
    ...para(tr('I understand questions in English and Chinese; not this language yet.', '我能理解英文和中文提问，暂时还不懂这种语言。'), w),
    ...para(tr('我能理解英文和中文提问。', 'I understand questions in English and Chinese.'), w),
    ...wrapSegs(
      [seg(tr('The commands work as they are: ', '命令照常可用：')), seg('fix N', 'cmd'), seg(', '), seg('why N', 'cmd'), seg(', '), seg('findings', 'cmd'), seg(', '), seg('groups', 'cmd'), seg(', '), seg('devices', 'cmd'), seg(', '), seg('help', 'cmd'), seg(', '), seg('quit', 'cmd'), seg('.')],
      w,
      '',
    ),
  ];
}
