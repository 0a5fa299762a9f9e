import { Help, type Command, type HelpConfiguration, type Option, type Argument } from 'commander';

/**
 * The CLI's help in Vietnamese, through commander's own help configuration: each term and title is
 * Vietnamese before commander measures and pads the columns, so every row stays aligned (a text
 * replaced after padding, like "[options]" → "[tùy chọn]", would shift its row by a column).
 */

/** Commander's titles, as printed. */
const TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tùy chọn:',
  'Commands:': 'Lệnh:',
  'Arguments:': 'Tham số:',
  'Global Options:': 'Tùy chọn chung:',
};

/** Commander's words inside a usage line or a description. */
function vietnamese(text: string): string {
  return text
    .replace(/\[options\]/g, '[tùy chọn]')
    .replace(/\[command\]/g, '[lệnh]')
    .replace(/\(default: /g, '(mặc định: ')
    .replace(/\bchoices: /g, 'chọn một trong: ')
    .replace(/\benv: /g, 'biến môi trường: ')
    .replace(/\bpreset: /g, 'nếu không ghi giá trị: ');
}

/** The help configuration every command of `kiemtra` shares (subcommands inherit it). */
export const HELP_CONFIGURATION: HelpConfiguration = {
  sortSubcommands: false,
  styleTitle: (title: string) => TITLES[title] ?? title,
  commandUsage: (cmd: Command) => vietnamese(Help.prototype.commandUsage.call(new Help(), cmd)),
  subcommandTerm: (cmd: Command) => vietnamese(Help.prototype.subcommandTerm.call(new Help(), cmd)),
  optionDescription: (option: Option) => vietnamese(Help.prototype.optionDescription.call(new Help(), option)),
  argumentDescription: (argument: Argument) => vietnamese(Help.prototype.argumentDescription.call(new Help(), argument)),
};
