/** One line of bench/results/latest.jsonl: a measurement beside its baseline from the same run. */
export interface Figure {
  name: string;
  unit: string;
  value: number;
  baseline: number;
  ratio: number;
}
