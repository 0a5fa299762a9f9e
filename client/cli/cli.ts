#!/usr/bin/env node
import './compile-cache';
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { reportError, ExitCode, translateError } from '../../config/errors';
import { cliDebug } from '../../config/logging';
import { projectRoot } from '../../config/paths';
import { HELP_CONFIGURATION } from './help';
import { registerCalendar } from './commands/calendar';
import { registerEmail } from './commands/email';
import { registerPlan } from './commands/plan';
import { registerInspection } from './commands/inspection';
import { registerDossiers } from './commands/dossiers';
import { registerConclusion } from './commands/conclusion';
import { registerRequests } from './commands/requests';
import { registerRound } from './commands/round';
import { registerSelfInspection } from './commands/self-inspection';
import { registerReports } from './commands/reports';
import { registerTasks } from './commands/tasks';
import { registerNominations } from './commands/nominations';
import { registerQuestions } from './commands/questions';
import { registerLink } from './commands/link';
import { registerRecords } from './commands/records';
import { registerRegister } from './commands/register';
import { registerDocuments } from './commands/documents';
import { registerUnits } from './commands/units';
import { withRepeatHint } from './args';

/**
 * `kiemtra`: the coordinators' command line. Output for people is Vietnamese; `--json` gives
 * machine-readable output. Exit codes: 0 done, 1 failure, 2 bad input, 3 Temporal unreachable.
 */

const COMMANDER_MESSAGES: Record<string, (m: string) => string> = {
  'commander.unknownCommand': (m) => `lệnh không tồn tại${quoted(m)}. Xem: kiemtra --help`,
  'commander.unknownOption': (m) => `tùy chọn không tồn tại${quoted(m)}. Xem: kiemtra <lệnh> --help`,
  'commander.missingArgument': (m) => `thiếu tham số${quoted(m)}. Xem: kiemtra <lệnh> --help`,
  'commander.optionMissingArgument': (m) => `tùy chọn thiếu giá trị${quoted(m)}.`,
  'commander.missingMandatoryOptionValue': (m) => `thiếu tùy chọn bắt buộc${quoted(m)}.`,
  'commander.excessArguments': () => 'thừa tham số. Xem: kiemtra <lệnh> --help',
};

function quoted(message: string): string {
  const m = /'([^']+)'/.exec(message);
  return m ? ` "${m[1]}"` : '';
}

/** The version in the package.json beside dist/ (the one installed or linked). */
function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

function buildProgram(): Command {
  const program = new Command('kiemtra')
    .description('Điều phối các cuộc kiểm tra công tác kiểm soát thủ tục hành chính của UBND thành phố Hải Phòng')
    .version(packageVersion(), '-V, --version', 'in số phiên bản của kiemtra')
    .helpOption('-h, --help', 'hiển thị trợ giúp')
    .helpCommand('help [lệnh]', 'hiển thị trợ giúp của một lệnh')
    .configureHelp(HELP_CONFIGURATION)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  registerCalendar(program);
  registerEmail(program);
  registerPlan(program);
  registerInspection(program);
  registerDossiers(program);
  registerConclusion(program);
  registerRequests(program);
  registerRound(program);
  registerSelfInspection(program);
  registerTasks(program);
  registerNominations(program);
  registerQuestions(program);
  registerLink(program);
  registerReports(program);
  registerRecords(program);
  registerRegister(program);
  registerDocuments(program);
  registerUnits(program);
  const quiet = (cmd: Command) => {
    cmd.exitOverride().configureOutput({ writeErr: () => undefined, outputError: () => undefined });
    cmd.helpOption('-h, --help', 'hiển thị trợ giúp');
    cmd.commands.forEach(quiet);
  };
  program.commands.forEach(quiet);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    cliDebug();
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.invalidArgument') {
        process.stderr.write(`Lỗi: ${err.message.replace(/^error: /, '').replace(/^.*?\. /, '')}\n`);
        return ExitCode.badInput;
      }
      const translate = COMMANDER_MESSAGES[err.code];
      process.stderr.write(`Lỗi: ${translate ? translate(err.message) : err.message.replace(/^error: /, '')}\n`);
      return ExitCode.badInput;
    }
    return reportError(withRepeatHint(translateError(err)));
  }
}

// A closed pipe (`kiemtra … | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
