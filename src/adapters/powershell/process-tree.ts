import { readdirSync, readFileSync } from 'fs';

/**
 * Linux /proc readers for the executor: which processes descend from a pwsh, how much memory it holds, and a kill
 * that takes the whole tree. node-powershell only signals the process it spawned, so a cmdlet's own child (a native
 * tool, a job) would outlive a timeout without this.
 */

/** Parent pid from /proc/<pid>/stat; the command name may hold spaces and parentheses, so parse after the last ')'. */
export function parentPidOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** Every live process below `root` (children, grandchildren, ...), found by scanning /proc. */
export function descendantsOf(root: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of safeReaddir('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const pid = Number(entry);
    const ppid = parentPidOf(pid);
    if (ppid === undefined) continue;
    const siblings = childrenOf.get(ppid);
    if (siblings) siblings.push(pid);
    else childrenOf.set(ppid, [pid]);
  }
  const found: number[] = [];
  const queue = [...(childrenOf.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    found.push(pid);
    queue.push(...(childrenOf.get(pid) ?? []));
  }
  return found;
}

/** Resident memory of one process in bytes (VmRSS), or undefined when it is gone or /proc is absent. */
export function residentBytesOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+([0-9]+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a pid names a live process that is not a zombie waiting to be reaped. */
export function isProcessLive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * SIGKILLs the roots and everything below them. Each process is stopped first, so none can fork a new child or be
 * re-parented to init between the scan and the kill; the scan is repeated until it finds nothing new.
 */
export function killProcessTree(roots: readonly number[]): number[] {
  const seen = new Set<number>();
  for (let round = 0; round < 5; round++) {
    const found = roots.flatMap((root) => [root, ...descendantsOf(root)]).filter((pid) => !seen.has(pid) && isProcessLive(pid));
    if (found.length === 0) break;
    for (const pid of found) {
      seen.add(pid);
      signal(pid, 'SIGSTOP');
    }
  }
  for (const pid of seen) signal(pid, 'SIGKILL');
  return [...seen];
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
