import { isAbsolute, relative, resolve } from 'node:path';
import { programName, runsShell, WRAPPERS } from './command-line.ts';

/** Programs that are destructive whatever their arguments, with what they do. */
const ALWAYS: ReadonlyMap<string, string> = new Map([
  ...['rm', 'rmdir', 'unlink', 'shred', 'srm', 'wipefs', 'truncate'].map((p) => [p, 'deletes or truncates files'] as const),
  ...['dd', 'mkfs', 'mke2fs', 'mkswap', 'fdisk', 'sfdisk', 'gdisk', 'parted', 'mount', 'umount', 'losetup', 'cryptsetup', 'blkdiscard', 'hdparm', 'swapon', 'swapoff'].map((p) => [p, 'writes to disks or file systems'] as const),
  ...['shutdown', 'reboot', 'halt', 'poweroff', 'init', 'telinit', 'systemctl', 'service'].map((p) => [p, 'stops or reconfigures the system'] as const),
  ...['kill', 'killall', 'pkill', 'xkill'].map((p) => [p, 'kills processes'] as const),
  ...['chmod', 'chown', 'chgrp', 'chattr', 'setfacl', 'passwd', 'useradd', 'userdel', 'usermod', 'groupadd', 'groupdel', 'visudo', 'crontab'].map((p) => [p, 'changes permissions or accounts'] as const),
  ...['sudo', 'doas', 'su', 'runuser', 'pkexec'].map((p) => [p, 'runs as another user'] as const),
  ...['iptables', 'ip6tables', 'nft', 'ufw', 'firewall-cmd'].map((p) => [p, 'changes the firewall'] as const),
  ...['apt', 'apt-get', 'dpkg', 'yum', 'dnf', 'rpm', 'apk', 'snap'].map((p) => [p, 'installs or removes packages'] as const),
  ['mv', 'moves files (and overwrites the destination)'],
]);

/** Programs that write to the paths they are given: destructive when a path lies outside the working directory. */
const WRITERS: ReadonlySet<string> = new Set(['cp', 'ln', 'install', 'rsync', 'tee', 'touch', 'mkdir', 'tar', 'unzip', 'curl', 'wget', 'scp', 'sed', 'patch']);

/**
 * Why an argv looks destructive, or null. Destructive-looking commands (deleting, disk and system tools, other
 * users, shells, writes outside `cwd`…) run only after the user confirms them in a second message. A heuristic
 * against accidents and injected requests, on top of the rule that only commands the user typed run at all.
 */
export function destructiveReason(argv: readonly string[], options: { cwd: string }): string | null {
  if (argv.length === 0) return null;
  if (runsShell(argv)) return 'it runs a shell script, which can do anything';
  let i = 0;
  while (i < argv.length) {
    const program = programName(argv[i]!);
    const reason = programReason(program, argv.slice(i + 1), options.cwd);
    if (reason) return `${program} ${reason}`;
    if (!WRAPPERS.has(program)) return null;
    // A wrapper (env, timeout, nice…) runs its first non-option argument as a program: look at that one too.
    i += 1;
    while (i < argv.length && /^-|^\d+(?:\.\d+)?[smhd]?$|^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!)) i += 1;
  }
  return null;
}

function programReason(program: string, args: readonly string[], cwd: string): string | null {
  const base = program.replace(/\.[a-z0-9]+$/, ''); // mkfs.ext4 → mkfs
  const always = ALWAYS.get(program) ?? ALWAYS.get(base);
  if (always) return always;
  if (program === 'find' && args.some((a) => ['-delete', '-exec', '-execdir', '-ok', '-okdir'].includes(a))) return 'deletes or runs commands on the files it finds';
  if (program === 'git' && (args.includes('clean') || (args.includes('reset') && args.includes('--hard')) || (args.includes('push') && args.some((a) => a === '-f' || a.startsWith('--force'))))) {
    return 'discards work in the repository';
  }
  if ((program === 'sed' || program === 'perl') && args.some((a) => /^-[a-zA-Z]*i/.test(a))) return 'edits files in place';
  if (WRITERS.has(program)) {
    const outside = args.filter((a) => !a.startsWith('-')).map((a) => a.replace(/^[a-z]+=/, '')).find((a) => escapes(a, cwd));
    if (outside) return `writes to ${outside}, outside the working directory`;
  }
  return null;
}

/** Whether a path argument points outside `cwd` (absolute elsewhere, `..`, or the home directory). */
function escapes(path: string, cwd: string): boolean {
  if (path.startsWith('~')) return true;
  if (!isAbsolute(path) && !path.includes('..')) return false;
  const rel = relative(cwd, resolve(cwd, path));
  return rel.startsWith('..') || isAbsolute(rel);
}
