// The widget's check-your-answer goal: "accuracy>=1", "accuracy >= 90%",
// "loss<0.01". Accuracy is the engine's test-set accuracy (0–1), loss the
// engine's mean training loss. Pure: no DOM, no engine.

export type GoalMetric = 'accuracy' | 'loss';
export type GoalOp = '>=' | '<=' | '>' | '<';

export interface Goal {
  metric: GoalMetric;
  op: GoalOp;
  value: number;
}

const GOAL = /^\s*(accuracy|loss)\s*(>=|<=|>|<)\s*([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*(%?)\s*$/i;

/** The goal in `text`, or null when there is none; a malformed goal throws with the accepted form. */
export function parseGoal(text: string | null): Goal | null {
  if (text === null || text.trim() === '') return null;
  const m = GOAL.exec(text);
  if (m === null) throw new Error(`The goal "${text}" is not of the form accuracy>=0.9, accuracy>=90% or loss<0.01.`);
  const metric = m[1]!.toLowerCase() as GoalMetric;
  const value = Number(m[3]) / (m[4] === '%' ? 100 : 1);
  return { metric, op: m[2] as GoalOp, value };
}

export function goalMet(goal: Goal, measured: number): boolean {
  switch (goal.op) {
    case '>=': return measured >= goal.value;
    case '<=': return measured <= goal.value;
    case '>': return measured > goal.value;
    case '<': return measured < goal.value;
  }
}

const OPS: Record<GoalOp, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<' };

/** What a reader sees: "test accuracy ≥ 100%", "training loss < 0.01". */
export function goalText(goal: Goal): string {
  return goal.metric === 'accuracy'
    ? `test accuracy ${OPS[goal.op]} ${formatPercent(goal.value)}`
    : `training loss ${OPS[goal.op]} ${goal.value}`;
}

export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}
