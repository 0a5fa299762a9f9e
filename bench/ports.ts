import { execFileSync } from 'node:child_process';

/** A free loopback port, found synchronously (a tiny child process binds port 0 and reports it). */
export function freePortSync(): number {
  const out = execFileSync(process.execPath, ['-e', "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"]);
  return Number(out.toString().trim());
}
