// Messages between the Lab page and its worker.
import type { LabEvents, LabExperimentInfo, LabResult } from '../engine';

export type LabPageMessage =
  | { type: 'run'; id: string; settings: Record<string, number> }
  | { type: 'stop' };

export type LabWorkerMessage =
  | { type: 'ready'; catalog: LabExperimentInfo[] }
  | { type: 'progress'; progress: number; events: LabEvents }
  | { type: 'result'; result: LabResult; seconds: number }
  | { type: 'stopped' }
  | { type: 'error'; message: string };
