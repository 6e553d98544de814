import { cpus, hostname, loadavg, totalmem } from 'node:os';

/** Where a run happened: enough to tell two machines (and a busy one) apart. */
export interface MachineInfo {
  readonly name: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  /** 1-minute load average at the start of the run; above the core count means a shared, busy machine. */
  readonly loadAtStart: number;
}

export function machineInfo(name?: string): MachineInfo {
  const list = cpus();
  return {
    name: name ?? hostname(),
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAtStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}
