import type { Page } from 'playwright-core';

export declare const AXE_SCRIPT: string;
export declare const AXE_COUNTS: string;

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  /** The first five nodes' selectors. */
  nodes: string[];
  count: number;
}

export interface AxeRecord {
  label: string;
  /** Violations (rules) whose impact is serious or critical. */
  serious: number;
  total: number;
  byImpact: Record<string, number>;
  ids: string[];
}

export declare function runAxe(page: Page): Promise<{ violations: AxeViolation[]; blocking: AxeViolation[] }>;
export declare function describeViolations(violations: AxeViolation[]): string;
export declare function expectNoSeriousAxeViolations(page: Page, label: string): Promise<AxeRecord>;
